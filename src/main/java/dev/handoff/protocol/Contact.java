package dev.handoff.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Contact details the preset collected from the user; any of them may be {@code null}. */
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
