/**
 * What the HTTP translation engines share, so that each adapter holds only its provider's shapes.
 *
 * <ul>
 *   <li>{@link dev.handoff.translate.http.HttpTranslator}: the skeleton of an engine: its languages fetched once
 *       and cached (a failed fetch is tried again on the next call), an unsupported pair refused up front, a batch
 *       split to the provider's limit and sent in parallel, every failure completed as a
 *       {@link dev.handoff.translate.TranslationException}.
 *   <li>{@link dev.handoff.translate.http.JsonHttp}: one exchange on the shared {@link java.net.http.HttpClient}
 *       ({@code sendAsync} only), with a deadline, JSON via Jackson, and the HTTP status and the provider's error
 *       mapped to a {@link dev.handoff.translate.TranslationException.Reason}. The provider's message is quoted
 *       in at most 200 characters, with the key scrubbed out.
 * </ul>
 *
 * <p>Threading: nothing here blocks; futures complete on the HTTP client's threads. Credentials travel in headers
 * (or a JSON body), never in a URL, and never appear in a message or a log.
 */
package dev.handoff.translate.http;
