package io.signaling.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.signaling.guard.Limit;
import io.signaling.protocol.Endpoint;
import io.signaling.protocol.Status;
import io.signaling.time.NodeClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's own meters, recorded by the protocol code and read by Prometheus through {@link NodeTelemetry}.
 * Every meter exists from the start (except one counter per endpoint and status, made on first use), so a
 * dashboard sees zeros rather than missing series.
 */
public final class SignalingMetrics {

  /** Outcomes of a /message, as the {@code outcome} label of {@code signaling_messages_total}. */
  public enum MessageOutcome { STORED, ECHOED, UNKNOWN_PEER, MAILBOX_FULL, STORAGE_FULL }

  private final MeterRegistry registry;
  private static final int STATUSES = Status.values().length;

  /** One per endpoint and status, made on first use; looked up by index, as this runs for every answer. */
  private final AtomicReferenceArray<Counter> responses =
      new AtomicReferenceArray<>(Endpoint.values().length * STATUSES);
  private final Map<Endpoint, Timer> answerTimes = new EnumMap<>(Endpoint.class);
  private final Map<MessageOutcome, Counter> messages = new EnumMap<>(MessageOutcome.class);
  private final Counter notificationsStored;
  private final Counter notificationsDropped;
  private final DistributionSummary mailboxDepth;
  private final DistributionSummary roomPeers;
  private final Timer messageDelivery;
  private final Counter notificationsDelivered;
  private final Counter handOversFailed;
  private final Counter waitsTimedOut;
  private final Counter partitionsLost;
  private final Counter peersLost;
  private final Map<Limit, Counter> limited = new EnumMap<>(Limit.class);
  private final NodeClock clock;

  public SignalingMetrics(MeterRegistry registry, NodeClock clock) {
    this.registry = registry;
    this.clock = clock;
    for (Endpoint endpoint : Endpoint.values()) {
      answerTimes.put(endpoint, Timer.builder("signaling.request.duration")
          .description("From a whole request read to its answer written; for /wait this includes the time parked")
          .tag("endpoint", endpoint.label())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
          .register(registry));
    }
    for (MessageOutcome outcome : MessageOutcome.values()) {
      messages.put(outcome, Counter.builder("signaling.messages")
          .description("Messages posted to /message, by outcome; outcome=stored are the messages relayed")
          .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
    notificationsStored = notifications("stored");
    notificationsDropped = notifications("dropped");
    mailboxDepth = DistributionSummary.builder("signaling.mailbox.depth")
        .description("Items in the receiver's mailbox right after a message or notification was stored")
        .baseUnit("items")
        .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
        .register(registry);
    roomPeers = DistributionSummary.builder("signaling.room.peers")
        .description("Peers in a named room right after a sign-in to it, the newcomer included: how large the rooms"
            + " people join are, one sample per sign-in (the default room is not sampled)")
        .baseUnit("peers")
        .serviceLevelObjectives(1, 2, 3, 4, 5, 8, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
        .register(registry);
    messageDelivery = Timer.builder("signaling.message.delivery")
        .description("From a message accepted by /message to its hand-over to the receiver's /wait,"
            + " across nodes (wall clocks)")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
        .register(registry);
    notificationsDelivered = Counter.builder("signaling.notifications.delivered")
        .description("Join and leave notifications handed over to a /wait").register(registry);
    handOversFailed = Counter.builder("signaling.handovers.failed")
        .description("Items whose /wait connection was gone at hand-over; each went back to its mailbox")
        .register(registry);
    waitsTimedOut = Counter.builder("signaling.waits.timed.out")
        .description("/waits answered with the empty notification after --wait-timeout parked; their clients"
            + " wait again").register(registry);
    partitionsLost = Counter.builder("signaling.partitions.lost")
        .description("Partitions whose owner and every backup left at once: the peers and items they held are gone;"
            + " every node counts each")
        .register(registry);
    peersLost = Counter.builder("signaling.peers.lost")
        .description("Peers gone with lost partitions, about (the peer count before and after); counted by the"
            + " oldest node only").register(registry);
    for (Limit limit : Limit.values()) {
      limited.put(limit, Counter.builder("signaling.limited")
          .description("Requests and connections refused because a client passed one of its limits, by limit")
          .tag("limit", limit.label()).register(registry));
    }
  }

  /** A client ran into one of its limits and was refused. */
  public void limited(Limit limit) {
    limited.get(limit).increment();
  }

  /** Meters that record into nothing: for code run outside a node (tests of single parts). */
  public static SignalingMetrics unrecorded() {
    return new SignalingMetrics(new CompositeMeterRegistry(), NodeClock.system());
  }

  private Counter notifications(String outcome) {
    return Counter.builder("signaling.notifications")
        .description("Join and leave notifications addressed to a peer; dropped when its mailbox was full")
        .tag("outcome", outcome).register(registry);
  }

  /** A reading taken when Prometheus scrapes (off the event loops). */
  public void gauge(String name, String description, Supplier<Number> reading) {
    Gauge.builder(name, reading).description(description).register(registry);
  }

  /** The reading a request's answer time starts from, taken when the whole request has been read. */
  public long requestRead() {
    return clock.nanos();
  }

  /** An answer written: counted by endpoint and status, and timed from the whole request when it was read. */
  public void answered(Endpoint endpoint, Status status, long requestReadNanos) {
    int index = endpoint.ordinal() * STATUSES + status.ordinal();
    Counter responsesOfKind = responses.get(index);
    if (responsesOfKind == null) {
      // Registering twice in a race is harmless: the registry hands out the same counter for the same name.
      responsesOfKind = Counter.builder("signaling.responses")
          .description("Answers written on the signaling port, by endpoint and status code")
          .tag("endpoint", endpoint.label()).tag("status", Integer.toString(status.code()))
          .register(registry);
      responses.set(index, responsesOfKind);
    }
    responsesOfKind.increment();
    if (requestReadNanos > 0) {
      answerTimes.get(endpoint).record(clock.nanos() - requestReadNanos, TimeUnit.NANOSECONDS);
    }
  }

  public void message(MessageOutcome outcome, int depth) {
    messages.get(outcome).increment();
    if (outcome == MessageOutcome.STORED) {
      mailboxDepth.record(depth);
    }
  }

  /** A peer signed in to a named room, which then held {@code peers}. */
  public void roomJoined(int peers) {
    roomPeers.record(peers);
  }

  public void notification(boolean stored, int depth) {
    if (stored) {
      notificationsStored.increment();
      mailboxDepth.record(depth);
    } else {
      notificationsDropped.increment();
    }
  }

  /** An item written to a /wait: a message's delivery time runs from when it was stored. */
  public void delivered(boolean notification, long storedAtMillis) {
    if (notification) {
      notificationsDelivered.increment();
    } else {
      messageDelivery.record(Math.max(0, clock.millis() - storedAtMillis), TimeUnit.MILLISECONDS);
    }
  }

  public void handOverFailed() {
    handOversFailed.increment();
  }

  public void waitTimedOut() {
    waitsTimedOut.increment();
  }

  public void partitionLost() {
    partitionsLost.increment();
  }

  public void peersLost(long peers) {
    peersLost.increment(peers);
  }
}
