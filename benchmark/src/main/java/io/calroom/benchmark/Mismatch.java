package io.calroom.benchmark;

/** The server answered, but not what a correct server answers: the benchmark fails. */
class Mismatch extends Exception {
    Mismatch(String message) {
        super(message);
    }
}
