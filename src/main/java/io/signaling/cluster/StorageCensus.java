package io.signaling.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.signaling.directory.PeerDirectory;
import io.signaling.directory.UndeliveredCount;
import io.signaling.guard.StorageBudget;
import io.signaling.guard.WarningPace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second the oldest node counts what the cluster holds undelivered and tells every node, whose
 * {@link StorageBudget} then shares out what is left: the total, the senders holding much, the client address of
 * every peer holding anything (the address its sign-in came from) and what each address's peers hold. If the oldest node dies, the next one counts from then on;
 * a node that hears nothing keeps charging what it stores against the last count, so it refuses sooner, never
 * later.
 *
 * <p>The count travels as JSON with a format version {@code v}: a node ignores a version it does not know, and
 * an earlier release has no consumer for it at all.
 */
public final class StorageCensus extends ClusterCensus {

  static final String ADDRESS = "signaling.storage.count";
  static final int FORMAT = 1;
  /** How often the oldest node counts: the budget's figures are at most about this old. */
  public static final long INTERVAL_MILLIS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(StorageCensus.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final PeerDirectory directory;
  private final StorageBudget budget;
  private final WarningPace failureWarnings;

  public StorageCensus(Vertx vertx, HazelcastInstance hazelcast, PeerDirectory directory, StorageBudget budget,
                       LongSupplier clockMillis) {
    super(vertx, hazelcast, ADDRESS, INTERVAL_MILLIS);
    this.failureWarnings = WarningPace.perMinute(clockMillis);
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.directory = directory;
    this.budget = budget;
  }

  @Override
  Future<JsonObject> count() {
    int members = hazelcast.getCluster().getMembers().size();
    return directory.countUndelivered(budget.maxSenderBytes() / 2)
        .compose(count -> vertx.executeBlocking(() -> holderAddresses(count), false)
            .map(addresses -> encode(count, addresses, members)))
        .onFailure(failure -> {
          if (failureWarnings.due()) {
            LOG.warn("could not count the undelivered items (the budget keeps charging against the last count)",
                failure);
          }
        });
  }

  /** The client address of every peer holding anything, where its sign-in recorded one. */
  private Map<Integer, String> holderAddresses(UndeliveredCount count) {
    return count.holders().isEmpty() ? Map.of() : directory.addressesOf(count.holders().keySet());
  }

  static JsonObject encode(UndeliveredCount count, Map<Integer, String> holderAddresses, int members) {
    JsonObject senders = new JsonObject();
    count.heavySenders().forEach((sender, bytes) -> senders.put(String.valueOf(sender), bytes));
    JsonObject holders = new JsonObject();
    Map<String, Long> byAddress = new HashMap<>();
    holderAddresses.forEach((peer, address) -> {
      holders.put(String.valueOf(peer), address);
      byAddress.merge(address, count.holders().get(peer), Long::sum);
    });
    return new JsonObject().put("v", FORMAT).put("members", members).put("bytes", count.bytes())
        .put("items", count.items()).put("bySender", count.bySender()).put("senders", senders)
        .put("holders", holders).put("addresses", new JsonObject(new HashMap<>(byAddress)));
  }

  @Override
  void receive(JsonObject body) {
    try {
      if (body.getInteger("v", 0) != FORMAT) {
        return; // a count from a later release: its next version will say what it means
      }
      Map<Integer, Long> senders = new HashMap<>();
      body.getJsonObject("senders").forEach(each -> senders.put(Integer.valueOf(each.getKey()),
          ((Number) each.getValue()).longValue()));
      Map<Integer, String> holders = new HashMap<>();
      body.getJsonObject("holders").forEach(each -> holders.put(Integer.valueOf(each.getKey()), (String) each.getValue()));
      Map<String, Long> addresses = new HashMap<>();
      body.getJsonObject("addresses").forEach(each -> addresses.put(each.getKey(), ((Number) each.getValue()).longValue()));
      budget.counted(new StorageBudget.Count(body.getLong("bytes"), senders, holders, addresses,
          body.getInteger("members")));
    } catch (RuntimeException malformed) {
      LOG.warn("ignored a malformed count of undelivered items: {}", body, malformed);
    }
  }
}
