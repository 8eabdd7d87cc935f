package zos.networkd.netlink.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.jna.LastErrorException;

import zos.networkd.api.host.HostNetworkException;

/**
 * One platform thread that lives inside one network namespace and runs work there. {@code setns}
 * changes only the calling OS thread, so it happens once, on this thread, and never on a pooled
 * thread. Sockets opened here stay in the namespace after the work returns.
 */
final class NamespaceWorker implements AutoCloseable {
    private static final Runnable STOP = () -> {
    };

    private final String description;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Void> entered = new CompletableFuture<>();

    /**
     * Starts the thread and enters the namespace behind {@code namespaceFd} (borrowed: the caller
     * closes it once this returns).
     */
    NamespaceWorker(String description, int namespaceFd, String threadName) {
        this.description = description;
        this.thread = new Thread(() -> run(namespaceFd), threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            entered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostNetworkException("enter " + description, "interrupted");
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void run(int namespaceFd) {
        try {
            Libc.setns(namespaceFd, Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            entered.completeExceptionally(Errno.failure("enter " + description, e));
            return;
        }
        entered.complete(null);
        while (true) {
            Runnable task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            task.run();
        }
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code work} on this namespace's thread and waits for it; runs inline if already there. */
    <T> T call(Callable<T> work) throws Exception {
        if (isCurrentThread()) {
            return work.call();
        }
        if (!thread.isAlive()) {
            throw new HostNetworkException("run work in " + description, "its namespace thread has stopped");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    /** {@link #call} for work that throws only unchecked exceptions. */
    <T> T callUnchecked(Callable<T> work) {
        try {
            return call(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostNetworkException("run work in " + description, "interrupted");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the thread finish its queue and end; the namespace is no longer held by it afterwards. */
    @Override
    public void close() {
        tasks.add(STOP);
        if (!isCurrentThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
