package io.calroom.server.carddav;

import io.calroom.server.support.AdminApi;
import io.calroom.server.support.DavClient;
import io.calroom.server.support.Multistatus;
import io.calroom.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-only org directory over CardDAV (RFC 6352), with the requests Thunderbird and Apple Contacts send. */
class DirectoryAddressBookTest {
    static final String CARD = "urn:ietf:params:xml:ns:carddav";
    static final String BOOK = "/addressbooks/users/ann/directory/";
    static TestServer server;
    static DavClient root;
    static AdminApi api;

    @BeforeAll
    static void start() {
        server = TestServer.start(DirectoryAddressBookTest.class, Map.of("CALDAV_ADMIN_USER", "root", "CALDAV_ADMIN_PASSWORD", "root-pass"));
        api = new AdminApi(server, "root", "root-pass");
        root = api.admin();
        api.org("acme");
        api.org("globex");
        api.user("acme", "ann", "Ann Archer", "user");
        api.user("acme", "ben", "Ben Baker", "user");
        api.user("globex", "gil", "Gil Globex", "user");
        api.resource("acme", "room-7", "ROOM", "Boardroom 7", "\"capacity\":12,\"location\":\"2nd floor\"");
        api.resource("acme", "beamer", "RESOURCE", "Beamer", "");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static HttpResponse<String> json(String method, String path, String body) {
        return api.json(method, path, body);
    }

    static DavClient as(String user) {
        return api.as(user);
    }

    static Set<String> cards(HttpResponse<String> r) {
        Set<String> out = new TreeSet<>();
        for (String h : new Multistatus(r.body()).hrefs()) if (h.endsWith(".vcf")) out.add(h.substring(h.lastIndexOf('/') + 1));
        return out;
    }

    @Test
    void thunderbirdDiscoversSyncsAndFetchesTheDirectory() {
        DavClient ann = as("ann");
        assertEquals("/", DavClient.anonymous(server.baseUrl()).request("PROPFIND", "/.well-known/carddav").send().headers().firstValue("Location").orElse(""));
        Multistatus principal = new Multistatus(ann.propfind("/principals/users/ann/", "0",
                "<propfind xmlns=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\"><prop><card:addressbook-home-set/></prop></propfind>").body());
        assertEquals(List.of("/addressbooks/users/ann/"), principal.prop("/principals/users/ann/", CARD, "addressbook-home-set").hrefs());
        Multistatus home = new Multistatus(ann.propfind("/addressbooks/users/ann/", "1", """
                <propfind xmlns="DAV:" xmlns:cs="http://calendarserver.org/ns/"><prop><resourcetype/><displayname/><cs:getctag/><sync-token/></prop></propfind>""").body());
        assertTrue(home.prop(BOOK, "DAV:", "resourcetype").children().contains("addressbook"));

        HttpResponse<String> sync = ann.request("REPORT", BOOK).header("Depth", "1").xml("""
                <d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level>
                <d:prop><d:getetag/><d:getcontenttype/></d:prop></d:sync-collection>""").send();
        assertEquals(207, sync.statusCode(), sync.body());
        assertEquals(Set.of("u-ann.vcf", "u-ben.vcf", "r-room-7.vcf", "r-beamer.vcf"), cards(sync), "people and resources of the own org only");
        String token = new Multistatus(sync.body()).root().getElementsByTagNameNS("DAV:", "sync-token").item(0).getTextContent();

        HttpResponse<String> multiget = ann.request("REPORT", BOOK).header("Depth", "1").xml("""
                <card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">
                <d:prop><d:getetag/><card:address-data/></d:prop>
                <d:href>%1$sr-room-7.vcf</d:href><d:href>%1$su-ben.vcf</d:href><d:href>%1$su-nobody.vcf</d:href>
                <d:href>%1$s</d:href><d:href>/addressbooks/users/ben/directory/u-ben.vcf</d:href>
                <d:href>/calendars/users/ann/default/</d:href>
                </card:addressbook-multiget>""".formatted(BOOK)).send();
        Multistatus ms = new Multistatus(multiget.body());
        String room = ms.prop(BOOK + "r-room-7.vcf", CARD, "address-data").text();
        assertTrue(room.contains("KIND:location") && room.contains("FN:Boardroom 7") && room.contains("EMAIL;TYPE=work:room-7@resources.example.com")
                && room.contains("X-CALROOM-CAPACITY:12") && room.contains("2nd floor"), room);
        assertTrue(ms.prop(BOOK + "u-ben.vcf", CARD, "address-data").text().contains("KIND:individual"));
        assertTrue(ms.status(BOOK + "u-nobody.vcf").contains("404"));
        // RFC 6352 §8.7: an href that is not an address object resource of the caller's (the book
        // itself, another user's book, a calendar) is a 404 in the multistatus, not an error
        assertTrue(ms.status(BOOK).contains("404"), multiget.body());
        assertTrue(ms.status("/addressbooks/users/ben/directory/u-ben.vcf").contains("404"), multiget.body());
        assertTrue(ms.status("/calendars/users/ann/default/").contains("404"), multiget.body());
        assertTrue(ann.get(BOOK + "r-beamer.vcf").body().contains("KIND:device"));

        // a new room appears, a deactivated person disappears, in an incremental sync
        json("POST", "/api/v1/orgs/acme/resources", "{\"id\":\"room-8\",\"type\":\"ROOM\",\"name\":\"Room 8\"}");
        json("PATCH", "/api/v1/orgs/acme/users/ben", "{\"active\":false}");
        HttpResponse<String> delta = ann.request("REPORT", BOOK).xml("""
                <d:sync-collection xmlns:d="DAV:"><d:sync-token>%s</d:sync-token><d:sync-level>1</d:sync-level>
                <d:prop><d:getetag/></d:prop></d:sync-collection>""".formatted(token)).send();
        Multistatus d = new Multistatus(delta.body());
        assertTrue(d.hrefs().contains(BOOK + "r-room-8.vcf"), delta.body());
        assertTrue(d.status(BOOK + "u-ben.vcf").contains("404"), delta.body());
        json("PATCH", "/api/v1/orgs/acme/users/ben", "{\"active\":true}");
    }

    @Test
    void autocompleteQueriesAsAppleContactsSendsThem_rfc6352_section8_6() {
        HttpResponse<String> r = as("ann").request("REPORT", BOOK).header("Depth", "1").xml("""
                <C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
                  <D:prop><D:getetag/><C:address-data/></D:prop>
                  <C:filter test="anyof">
                    <C:prop-filter name="FN"><C:text-match collation="i;unicode-casemap" match-type="contains">board</C:text-match></C:prop-filter>
                    <C:prop-filter name="EMAIL"><C:text-match collation="i;unicode-casemap" match-type="starts-with">board</C:text-match></C:prop-filter>
                  </C:filter>
                  <C:limit><C:nresults>10</C:nresults></C:limit>
                </C:addressbook-query>""").send();
        assertEquals(207, r.statusCode(), r.body());
        assertEquals(Set.of("r-room-7.vcf"), cards(r));
        HttpResponse<String> email = as("ann").request("REPORT", BOOK).header("Depth", "1").xml("""
                <C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/></D:prop>
                  <C:filter><C:prop-filter name="EMAIL"><C:text-match match-type="starts-with">ben@</C:text-match></C:prop-filter></C:filter>
                </C:addressbook-query>""").send();
        assertEquals(Set.of("u-ben.vcf"), cards(email));
        HttpResponse<String> gil = as("ann").request("REPORT", BOOK).header("Depth", "1").xml("""
                <C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/></D:prop>
                  <C:filter><C:prop-filter name="FN"><C:text-match>gil</C:text-match></C:prop-filter></C:filter>
                </C:addressbook-query>""").send();
        assertEquals(Set.of(), cards(gil), "other orgs are never in the directory");
    }

    @Test
    void theDirectoryIsReadOnlyAndPrivate() {
        DavClient ann = as("ann");
        assertEquals(403, ann.request("PUT", BOOK + "x.vcf").body("text/vcard", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\nEND:VCARD\r\n").send().statusCode());
        assertEquals(403, ann.delete(BOOK + "u-ben.vcf").statusCode());
        assertEquals(403, ann.request("PROPPATCH", BOOK).xml("<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:displayname>x</D:displayname></D:prop></D:set></D:propertyupdate>").send().statusCode());
        assertEquals(404, ann.propfind("/addressbooks/users/ben/directory/", "0", null).statusCode());
        assertEquals(404, as("gil").get(BOOK + "u-ann.vcf").statusCode());
    }
}
