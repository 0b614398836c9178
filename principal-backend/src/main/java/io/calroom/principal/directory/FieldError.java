package io.calroom.principal.directory;

/** Why one input field was refused: the field's name as the caller spelled it, and a message for people. */
public record FieldError(String field, String message) {
}
