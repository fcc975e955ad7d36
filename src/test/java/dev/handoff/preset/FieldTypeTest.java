package dev.handoff.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.core.DeskLimits;
import org.junit.jupiter.api.Test;

/** How form answers are checked, and that a contact the user may type is one the desk accepts. */
class FieldTypeTest {
    /** An email address of exactly {@code length} characters. */
    private static String email(int length) {
        String domain = "@example.org";
        String local = "a".repeat(64);
        return local + "@" + "b".repeat(length - local.length() - domain.length()) + domain.substring(1);
    }

    @Test
    void theFormsLimitsAreTheDesksLimits() {
        assertThat(FieldType.MAX_NAME).isEqualTo(DeskLimits.MAX_CONTACT_NAME);
        assertThat(FieldType.MAX_EMAIL).isEqualTo(DeskLimits.MAX_CONTACT_EMAIL);
        assertThat(FieldType.MAX_PHONE).isEqualTo(DeskLimits.MAX_CONTACT_PHONE);
    }

    @Test
    void anEmailIsAcceptedUpToTheDesksLimitAndRefusedBeyondIt() {
        assertThat(email(FieldType.MAX_EMAIL)).hasSize(FieldType.MAX_EMAIL);
        assertThat(FieldType.EMAIL.accepts(email(FieldType.MAX_EMAIL))).isTrue();
        assertThat(FieldType.EMAIL.accepts(email(FieldType.MAX_EMAIL + 1))).isFalse();
        assertThat(FieldType.EMAIL.accepts(email(606))).isFalse();
        assertThat(FieldType.EMAIL_OR_PHONE.accepts(email(606))).isFalse();
        assertThat(FieldType.isEmail(email(606))).isFalse();
    }

    @Test
    void aNameIsAcceptedUpToTheDesksLimitAndRefusedBeyondIt() {
        assertThat(FieldType.NAME.accepts("Thandi Nkosi")).isTrue();
        assertThat(FieldType.NAME.accepts("n".repeat(FieldType.MAX_NAME))).isTrue();
        assertThat(FieldType.NAME.accepts("n".repeat(FieldType.MAX_NAME + 1))).isFalse();
    }

    @Test
    void aPhoneNumberIsRefusedBeyondTheDesksLimit() {
        assertThat(FieldType.PHONE.accepts("+27 82 555 0101")).isTrue();
        assertThat(FieldType.PHONE.accepts("1".repeat(FieldType.MAX_PHONE + 1))).isFalse();
        assertThat(FieldType.EMAIL_OR_PHONE.accepts("1".repeat(FieldType.MAX_PHONE + 1)))
                .isFalse();
    }

    @Test
    void aLineOfAMegabyteIsRefusedByEveryContactField() {
        String line = "a".repeat(1 << 20);
        assertThat(FieldType.NAME.accepts(line)).isFalse();
        assertThat(FieldType.EMAIL.accepts(line)).isFalse();
        assertThat(FieldType.PHONE.accepts(line)).isFalse();
        assertThat(FieldType.EMAIL_OR_PHONE.accepts(line)).isFalse();
    }
}
