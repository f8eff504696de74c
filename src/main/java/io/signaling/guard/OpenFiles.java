package io.signaling.guard;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node below its open-files limit. Every socket the node's servers accept is counted, and a sample of
 * the process's real count (once a second, off the event loops) says how many other files it holds (Hazelcast's
 * sockets, jars, logs). Past the limit the acceptor itself fails, logs every time, and nothing gets answered any
 * more; so when the signaling port's sockets reach the point that would leave fewer than
 * {@link #reserveFor the reserve} of files free, the port stops accepting (listeners are told, see {@link #onAccepting}) until enough have closed, and any
 * connection accepted past that point anyway is closed at once, unanswered. The management port has a slice of
 * its own ({@code managementSlice}), so that probes still get in while the signaling port is flooded. Shedding is
 * logged when it starts, and again at most once a minute.
 */
public final class OpenFiles {

  /** Which server a socket belongs to. */
  public enum Server { SIGNALING, MANAGEMENT }

  private static final Logger LOG = LoggerFactory.getLogger(OpenFiles.class);
  /** The signaling port's accept queue: connections the kernel holds for the node, taking none of its files. */
  public static final int ACCEPT_BACKLOG = 512;
  static final long MIN_RESERVE = 2L * ACCEPT_BACKLOG;

  private final long limit;
  private final long reserve;
  private final int managementSlice;
  private final Runnable onShed;
  private final AtomicInteger sockets = new AtomicInteger();
  private volatile long otherFiles;
  private final AtomicInteger shedSinceSample = new AtomicInteger();
  private final WarningPace shedWarnings;
  private final WarningPace pauseWarnings;
  private volatile boolean shedding;
  private final AtomicBoolean accepting = new AtomicBoolean(true);
  private final List<Consumer<Boolean>> acceptingListeners = new CopyOnWriteArrayList<>();

  /**
   * @param limit           the process's open-files limit
   * @param managementSlice files kept for the management port beyond what the signaling port may use
   * @param onShed          told of every connection closed at once (the metric)
   * @param clockMillis     the node's wall clock, which paces the warnings
   */
  public OpenFiles(long limit, int managementSlice, Runnable onShed, LongSupplier clockMillis) {
    this.onShed = onShed;
    this.shedWarnings = WarningPace.perMinute(clockMillis);
    this.pauseWarnings = WarningPace.perMinute(clockMillis);
    this.limit = limit;
    this.reserve = reserveFor(limit);
    this.managementSlice = managementSlice;
  }

  /** For this process: its own limit, read from the JVM (no limit known: effectively none). */
  public static OpenFiles ofThisProcess(int managementSlice, Runnable onShed, LongSupplier clockMillis) {
    return new OpenFiles(processLimit(), managementSlice, onShed, clockMillis);
  }

  /** The open-files limit of this process, or Long.MAX_VALUE where the JVM cannot tell. */
  public static long processLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
  }

  /**
   * Files the node keeps free in any case: 5 % of the limit, at least {@link #MIN_RESERVE}. Connections the
   * kernel has queued are accepted in a burst when accepting resumes, before the node sees them one by one, so
   * the reserve must hold a full accept queue ({@link #ACCEPT_BACKLOG}).
   */
  public static long reserveFor(long limit) {
    return Math.max(MIN_RESERVE, limit / 20);
  }

  /** Sockets the signaling port may hold before it stops accepting, for the start-up check. */
  public static long signalingSocketsFor(long limit, int managementSlice) {
    return limit - reserveFor(limit) - managementSlice;
  }

  /** Told {@code false} when the signaling port should stop accepting, {@code true} when it may again. */
  public void onAccepting(Consumer<Boolean> listener) {
    acceptingListeners.add(listener);
  }

  /** A socket was accepted: true if it may stay (then {@link #closed()} follows when it closes). */
  public boolean tryOpen(Server server) {
    long open = sockets.incrementAndGet() + otherFiles;
    if (open >= signalingCeiling() && accepting.compareAndSet(true, false)) {
      acceptingListeners.forEach(listener -> listener.accept(false));
      if (pauseWarnings.due()) {
        LOG.warn("stopped accepting connections on the signaling port: {} sockets and {} other files open, the "
            + "limit is {} and {} stay free (logged at most once a minute)", sockets.get(), otherFiles, limit, reserve);
      }
    }
    long ceiling = server == Server.SIGNALING ? signalingCeiling() : limit - reserve;
    if (open <= ceiling) {
      return true;
    }
    sockets.decrementAndGet();
    shed();
    onShed.run();
    return false;
  }

  public void closed() {
    long open = sockets.decrementAndGet() + otherFiles;
    // Half the reserve below the point where accepting stopped, so that it does not flap with every close.
    if (open < signalingCeiling() - reserve / 2 && accepting.compareAndSet(false, true)) {
      acceptingListeners.forEach(listener -> listener.accept(true));
      LOG.info("accepting connections again: {} sockets and {} other files open of {}", sockets.get(), otherFiles,
          limit);
    }
  }

  /** Whether the signaling port accepts now (false while it is paused near the limit). */
  public boolean accepting() {
    return accepting.get();
  }

  private long signalingCeiling() {
    return limit - reserve - managementSlice;
  }

  /** Sockets held now (a gauge). */
  public int sockets() {
    return sockets.get();
  }

  /** Reads the process's real count; blocking (it lists the open files), so on a worker thread. */
  public void sample() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      otherFiles = Math.max(0, unix.getOpenFileDescriptorCount() - sockets.get());
    }
    if (shedding && shedSinceSample.get() == 0) {
      shedding = false;
      LOG.info("no connection closed at once in the last second: {} sockets and {} other files open of {}",
          sockets.get(), otherFiles, limit);
    }
    shedSinceSample.set(0);
  }

  private void shed() {
    shedSinceSample.incrementAndGet();
    shedding = true;
    if (shedWarnings.due()) {
      LOG.warn("closing new connections at once: {} sockets and {} other files open, the limit is {} and {} stay "
          + "free (logged at most once a minute)", sockets.get(), otherFiles, limit, reserve);
    }
  }
}
