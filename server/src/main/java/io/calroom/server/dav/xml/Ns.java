package io.calroom.server.dav.xml;

import javax.xml.namespace.QName;

/** XML namespaces and the element names the server speaks, named after their RFC elements. */
public final class Ns {
    public static final String DAV = "DAV:";
    public static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    public static final String CS = "http://calendarserver.org/ns/";
    public static final String APPLE = "http://apple.com/ns/ical/";
    public static final String CALROOM = "urn:calroom:ns";
    public static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";

    private Ns() {
    }

    public static QName dav(String local) {
        return new QName(DAV, local);
    }

    public static QName caldav(String local) {
        return new QName(CALDAV, local);
    }

    public static QName carddav(String local) {
        return new QName(CARDDAV, local);
    }

    public static QName cs(String local) {
        return new QName(CS, local);
    }

    public static QName apple(String local) {
        return new QName(APPLE, local);
    }

    /** The prefix used when writing a namespace, or null for namespaces without a fixed one. */
    static String preferredPrefix(String namespace) {
        switch (namespace) {
            case DAV: return "d";
            case CALDAV: return "cal";
            case CS: return "cs";
            case APPLE: return "ical";
            case CALROOM: return "cr";
            case CARDDAV: return "card";
            default: return null;
        }
    }
}
