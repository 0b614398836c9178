package io.calroom.benchmark;

/** The server refused the report with 403 DAV:supported-report: the scenario is reported as unsupported. */
final class Unsupported extends Exception {
    Unsupported(String message) {
        super(message);
    }
}
