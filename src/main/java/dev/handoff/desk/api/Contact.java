package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The user's contact details a chat carries (from the bot's {@code username}); any may be {@code null}.
 * On the wire: {@code {"name", "email", "phone"}}, unknown details left out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(String name, String email, String phone) {
    public static final Contact NONE = new Contact(null, null, null);

    /** Whether no detail is known. Not a JSON property. */
    @JsonIgnore
    public boolean isEmpty() {
        return name == null && email == null && phone == null;
    }
}
