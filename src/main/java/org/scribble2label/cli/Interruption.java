package org.scribble2label.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM during a training or prediction. Without this the JVM exited while a
 * thread was still inside libtorch, whose teardown then crashed it (SIGSEGV, an hs_err file).
 * The shutdown hook asks the running work to stop (a training ends after its current step, a
 * prediction after its current batch of tiles), and waits, bounded, until the command has left
 * native code and finished; only then does the JVM exit, with the signal's usual code.
 */
final class Interruption {

	/** Longer than one training step or tile batch of the default network on a slow CPU. */
	static final long WAIT_SECONDS = 60;

	private final PrintStream err;
	private final CountDownLatch finished = new CountDownLatch(1);
	private volatile boolean requested;
	private volatile boolean keepModel;
	private Runnable stop;

	/** @param err where to say what happens; null for none */
	Interruption(final PrintStream err) {
		this.err = err;
	}

	/** An interruption whose shutdown hook is registered. */
	static Interruption install(final PrintStream err) {
		final Interruption interruption = new Interruption(err);
		Runtime.getRuntime().addShutdownHook(new Thread(interruption::stopAndWait, "scribble2label-interruption"));
		return interruption;
	}

	/** Whether a stop was asked for: prediction polls this between batches of tiles. */
	boolean requested() {
		return requested;
	}

	/**
	 * Sets what stops the running work (e.g. cancelling a training); runs it at once when a stop
	 * was already asked for while the work was being prepared.
	 *
	 * @param keepsModel whether stopping keeps the model trained so far (it is saved)
	 */
	synchronized void whileRunning(final Runnable stopAction, final boolean keepsModel) {
		this.stop = stopAction;
		this.keepModel = keepsModel;
		if (requested && stopAction != null) stopAction.run();
	}

	boolean keepsModel() {
		return keepModel;
	}

	/** Whether a training was started (and so what a stop discards). */
	synchronized boolean trained() {
		return stop != null;
	}

	/** The command has ended (its model saved, its native memory freed): the JVM may exit. */
	void finished() {
		finished.countDown();
	}

	/** Asks the running work to stop, as a signal does. */
	synchronized void request() {
		requested = true;
		if (stop != null) stop.run();
	}

	private void stopAndWait() {
		if (finished.getCount() == 0) return; // a normal exit
		request();
		if (err != null) err.println("Stopping" + (keepModel ? " and saving the model trained so far" : "") + " ...");
		try {
			if (finished.await(WAIT_SECONDS, TimeUnit.SECONDS)) return;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (err != null) {
			err.println("The work did not stop within " + WAIT_SECONDS + " s; exiting without it.");
			err.flush();
		}
		exitAtOnce(143);
	}

	/**
	 * Ends the process without running libtorch's static destructors (which crash while its
	 * threads are busy): the C library's _exit, or the JVM's halt where that is unavailable.
	 */
	private static void exitAtOnce(final int code) {
		try {
			com.sun.jna.Native.load("c", CLibrary.class)._exit(code);
		}
		catch (final RuntimeException | UnsatisfiedLinkError e) {
			Runtime.getRuntime().halt(code);
		}
	}

	private interface CLibrary extends com.sun.jna.Library {
		void _exit(int status);
	}
}
