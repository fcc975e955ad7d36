package dev.handoff.dialogue;

import dev.handoff.preset.Text;
import dev.handoff.yaml.Loc;
import java.util.Map;

/** Responses a bot gets unless it defines its own of the same name. */
public final class BuiltInTexts {
    public static final String FALLBACK = "fallback";
    public static final String CHOOSE_OPTION = "choose_option";

    private static final Loc LOC = Loc.of("<built-in>");
    private static final Map<String, Text> TEXTS = Map.of(
            FALLBACK,
                    new Text(
                            Map.of(
                                    "en", "Sorry, I didn't understand that. Could you say it another way?",
                                    "zu", "Uxolo, angikuqondanga lokho. Ungakusho ngenye indlela?",
                                    "xh", "Uxolo, andikuqondanga oko. Ungakutsho ngenye indlela?",
                                    "af", "Jammer, ek het dit nie verstaan nie. Kan jy dit anders sê?"),
                            FALLBACK,
                            LOC),
            CHOOSE_OPTION,
                    new Text(
                            Map.of(
                                    "en", "Please choose one of the options: type its number or its name.",
                                    "zu", "Sicela ukhethe okukodwa kokukhethwayo: bhala inombolo noma igama lakho.",
                                    "xh",
                                            "Nceda ukhethe enye yezinto onokukhetha kuzo: bhala inombolo okanye igama layo.",
                                    "af", "Kies asseblief een van die opsies: tik die nommer of die naam."),
                            CHOOSE_OPTION,
                            LOC));

    private BuiltInTexts() {}

    public static Text get(String name) {
        Text text = TEXTS.get(name);
        if (text == null) {
            throw new IllegalArgumentException("no built-in response '" + name + "'");
        }
        return text;
    }
}
