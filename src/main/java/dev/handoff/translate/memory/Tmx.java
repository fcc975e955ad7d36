package dev.handoff.translate.memory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the translation units of a TMX 1.4 file: each {@code <tu>} is a group of equivalent texts, one per
 * {@code <tuv xml:lang="..."><seg>...</seg></tuv>}. Language tags are reduced to the platform's codes
 * ({@code en-GB} and {@code EN} are {@code en}); TMX 1.1's {@code lang} attribute is read too. Inline markup in a
 * segment ({@code <bpt> <ept> <ph> <it> <ut>}: the original's formatting codes) is left out; the text of {@code
 * <hi>} is kept. A unit with fewer than two languages translates nothing and is skipped.
 *
 * <p>Safe with a file from anywhere: the JDK's StAX parser with DTDs and external entities turned off, so a
 * {@code <!DOCTYPE>} is skipped unread, and an entity it declares (an XXE attempt: {@code SYSTEM
 * "file:///..."}) is an undeclared entity, reported as a problem; nothing outside the file is ever opened.
 */
public final class Tmx {
    /** Inline elements whose content is the original document's formatting codes, not text. */
    private static final Set<String> CODES = Set.of("bpt", "ept", "ph", "it", "ut");

    private Tmx() {}

    /** The units of {@code file}, each language → text; a {@link TmxException} names the line of any problem. */
    public static List<Map<String, String>> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw new TmxException(file.toString(), 0, 0, "cannot read: " + e.getMessage());
        }
    }

    /** The units of the TMX document {@code in}, named {@code file} in problems. */
    public static List<Map<String, String>> read(String file, InputStream in) {
        XMLStreamReader xml = null;
        try {
            xml = factory().createXMLStreamReader(in);
            return new Units(file, xml).read();
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            throw new TmxException(
                    file,
                    at == null ? 0 : at.getLineNumber(),
                    at == null ? 0 : at.getColumnNumber(),
                    "not well-formed XML: " + withoutPosition(e.getMessage()));
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException e) {
                    // the stream is closed by the caller; nothing more to release
                }
            }
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever else is on the class path
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return f;
    }

    /** StAX's message starts with "ParseError at [row,col]:[3,45]\nMessage: "; the location is ours to print. */
    private static String withoutPosition(String message) {
        if (message == null) return "unknown problem";
        int at = message.indexOf("Message: ");
        return at < 0
                ? message.strip()
                : message.substring(at + "Message: ".length()).strip();
    }

    /** One reading of one document. */
    private static final class Units {
        private final String file;
        private final XMLStreamReader xml;
        private final List<Map<String, String>> units = new ArrayList<>();
        private Map<String, String> unit;
        private String language;
        private StringBuilder segment;
        private String text;
        /** Inside an inline code element of a segment: how many levels deep. */
        private int inCode;

        Units(String file, XMLStreamReader xml) {
            this.file = file;
            this.xml = xml;
        }

        List<Map<String, String>> read() throws XMLStreamException {
            boolean root = true;
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (root && !"tmx".equals(xml.getLocalName())) {
                            throw problem("the root element is <" + xml.getLocalName() + ">, not <tmx>");
                        }
                        root = false;
                        start(xml.getLocalName());
                    }
                    case XMLStreamConstants.END_ELEMENT -> end(xml.getLocalName());
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (segment != null && inCode == 0) segment.append(xml.getText());
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw problem(
                            "the entity &" + xml.getLocalName() + "; is not one of XML's own (&amp; &lt; &gt; &quot;"
                                    + " &apos;); entities declared in a DTD are not read");
                    default -> {
                        // comments, processing instructions, the DOCTYPE (skipped unread)
                    }
                }
            }
            if (root) throw problem("no <tmx> element");
            return units;
        }

        private void start(String name) throws XMLStreamException {
            if (segment != null) {
                if (CODES.contains(name) || inCode > 0) inCode++;
                return;
            }
            switch (name) {
                case "tu" -> unit = new LinkedHashMap<>();
                case "tuv" -> {
                    if (unit == null) throw problem("<tuv> outside a <tu>");
                    String tag = xml.getAttributeValue(XMLConstants.XML_NS_URI, "lang");
                    if (tag == null) tag = xml.getAttributeValue(null, "lang");
                    if (tag == null) throw problem("<tuv> has no xml:lang attribute");
                    String raw = tag;
                    language = LanguageCodes.normalise(tag)
                            .orElseThrow(() -> problem("<tuv xml:lang=\"" + raw + "\">: not a language code"));
                    text = null;
                }
                case "seg" -> {
                    if (language == null) throw problem("<seg> outside a <tuv>");
                    segment = new StringBuilder();
                }
                default -> {
                    // header, body, prop, note: not part of a translation
                }
            }
        }

        private void end(String name) throws XMLStreamException {
            if (segment != null && !"seg".equals(name)) {
                if (inCode > 0) inCode--;
                return;
            }
            switch (name) {
                case "seg" -> {
                    text = segment.toString();
                    segment = null;
                }
                case "tuv" -> {
                    if (text == null) throw problem("<tuv xml:lang=\"" + language + "\"> has no <seg>");
                    if (!text.isBlank()) unit.putIfAbsent(language, text);
                    language = null;
                    text = null;
                }
                case "tu" -> {
                    if (unit.size() >= 2) units.add(unit);
                    unit = null;
                }
                default -> {
                    // nothing to close
                }
            }
        }

        private TmxException problem(String message) {
            Location at = xml.getLocation();
            return new TmxException(file, at.getLineNumber(), at.getColumnNumber(), message);
        }
    }
}
