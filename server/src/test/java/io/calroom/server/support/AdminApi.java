package io.calroom.server.support;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Provisions orgs, users and rooms through the real admin API as the bootstrap admin, the way an
 * operator would. Users get the password {@code password-{name}} and the e-mail
 * {@code {name}@{org}.example}.
 */
public final class AdminApi {
    private final String baseUrl;
    private final DavClient admin;

    public AdminApi(TestServer server, String adminUser, String adminPassword) {
        this.baseUrl = server.baseUrl();
        this.admin = new DavClient(baseUrl, adminUser, adminPassword);
    }

    public DavClient admin() {
        return admin;
    }

    public HttpResponse<String> json(String method, String path, String body) {
        DavClient.Request r = admin.request(method, path);
        if (body != null) r.body("application/json", body);
        return r.send();
    }

    public void org(String slug) {
        HttpResponse<String> r = json("POST", "/api/v1/orgs", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    public void user(String org, String name, String displayName, String role) {
        HttpResponse<String> r = json("POST", "/api/v1/orgs/" + org + "/users", "{\"username\":\"" + name + "\",\"email\":\"" + name + "@" + org
                + ".example\",\"displayName\":\"" + displayName + "\",\"password\":\"password-" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    public void user(String org, String name) {
        user(org, name, name, "user");
    }

    /** A room or resource; {@code policyFields} are extra JSON fields, e.g. {@code "capacity":12} (may be empty). */
    public void resource(String org, String id, String type, String name, String policyFields) {
        String body = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"name\":\"" + name + "\""
                + (policyFields.isBlank() ? "" : "," + policyFields) + "}";
        HttpResponse<String> r = json("POST", "/api/v1/orgs/" + org + "/resources", body);
        assertEquals(201, r.statusCode(), r.body());
    }

    public void manager(String org, String resource, String user, String access) {
        HttpResponse<String> r = json("PUT", "/api/v1/orgs/" + org + "/resources/" + resource + "/managers/" + user,
                "{\"access\":\"" + access + "\"}");
        assertEquals(200, r.statusCode(), r.body());
    }

    /** A DAV client for a user provisioned here. */
    public DavClient as(String user) {
        return new DavClient(baseUrl, user, "password-" + user);
    }
}
