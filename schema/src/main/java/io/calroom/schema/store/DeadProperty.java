package io.calroom.schema.store;

/** A WebDAV dead property: its qualified name and the client's XML element, attributes included. */
public record DeadProperty(String namespace, String localName, String xml) {
}
