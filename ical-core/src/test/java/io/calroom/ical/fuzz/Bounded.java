package io.calroom.ical.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs one fuzz call on a worker thread with a wall-clock limit, so that a hang (or a call that is merely far too
 * slow) fails the fuzz test with its input instead of stalling the run. Whatever the call throws is rethrown as is.
 */
final class Bounded {

    private static ExecutorService worker = newWorker();

    private Bounded() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-call");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code call()}, which must return within {@code limit}; {@code what} names the call in the failure. */
    static synchronized <T> T call(Duration limit, String what, Callable<T> call) throws Exception {
        long started = System.nanoTime();
        Future<T> future = worker.submit(call);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            // the stuck thread may never stop: leave it (a daemon) behind and use a fresh one from now on
            worker.shutdownNow();
            worker = newWorker();
            return fail(what + " did not finish within " + limit.toMillis() + " ms (gave up after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
