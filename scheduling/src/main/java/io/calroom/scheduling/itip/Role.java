package io.calroom.scheduling.itip;

/** The part a calendar owner plays in a calendar object (RFC 6638 §3.1). */
public enum Role { ORGANIZER, ATTENDEE, NONE }
