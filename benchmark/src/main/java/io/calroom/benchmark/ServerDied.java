package io.calroom.benchmark;

/** The server process is gone (crash, OutOfMemoryError): the benchmark stops and fails. */
final class ServerDied extends RuntimeException {
    ServerDied(String message) {
        super(message);
    }
}
