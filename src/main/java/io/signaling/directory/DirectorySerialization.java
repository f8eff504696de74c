package io.signaling.directory;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The serialization ids of everything the directory stores or sends through Hazelcast, kept in one place. Each
 * type has one number here; its id in each {@link ClusterLayout} is derived from it. A number is never reused.
 */
public final class DirectorySerialization implements DataSerializableFactory {

  public static final int FACTORY_ID = 0x5167;

  static final int PEER_RECORD = 1;
  static final int MAIL_ITEM = 2;
  static final int WAITER = 3;
  static final int PARK_OUTCOME = 4;
  static final int DELIVERY_OUTCOME = 5;
  static final int PEER_SUMMARY = 6;
  static final int REGISTER = 10;
  static final int PARK = 11;
  static final int DELIVER = 12;
  static final int TAKE = 13;
  static final int SETTLE = 14;
  static final int UNPARK = 15;
  static final int EXISTS = 16;
  static final int REMOVE = 17;
  static final int RECOVER = 18;
  static final int IDLE_PEERS = 20;
  static final int PEER_LISTING = 21;
  static final int ID_BLOCK = 22;
  static final int NEEDS_RECOVERY = 23;
  static final int UNDELIVERED_CENSUS = 24;
  static final int PEER_MERGE = 25;
  static final int ROOM_TALLY = 26;
  // 27 and 28 were a roster entry and its listing in a development build, never released.
  static final int SUMMARIZE = 29;
  static final int COUNT_UNDELIVERED = 30;
  static final int ANNOUNCE = 31;
  static final int ANNOUNCED = 32;

  /** An object of the type the id names, set to read the layout the id names; null for an unknown id. */
  @Override
  public IdentifiedDataSerializable create(int classId) {
    ClusterObject created = blank(ClusterLayout.typeOf(classId));
    if (created != null) {
      created.readAs(ClusterLayout.ofClassId(classId));
    }
    return created;
  }

  private static ClusterObject blank(int type) {
    return switch (type) {
      case PEER_RECORD -> new PeerRecord();
      case MAIL_ITEM -> new MailItem();
      case WAITER -> new Waiter();
      case PARK_OUTCOME -> new ParkOutcome();
      case DELIVERY_OUTCOME -> new DeliveryOutcome();
      case PEER_SUMMARY -> new PeerSummary();
      case REGISTER -> new PeerProcessors.Register();
      case PARK -> new PeerProcessors.Park();
      case DELIVER -> new PeerProcessors.Deliver();
      case TAKE -> new PeerProcessors.Take();
      case SETTLE -> new PeerProcessors.Settle();
      case UNPARK -> new PeerProcessors.Unpark();
      case EXISTS -> new PeerProcessors.Exists();
      case REMOVE -> new PeerProcessors.Remove();
      case RECOVER -> new PeerProcessors.Recover();
      case IDLE_PEERS -> new IdlePeers();
      case PEER_LISTING -> new PeerListing();
      case ID_BLOCK -> new IdBlock();
      case NEEDS_RECOVERY -> new NeedsRecovery();
      case UNDELIVERED_CENSUS -> new UndeliveredCensus();
      case PEER_MERGE -> new PeerMerge();
      case ROOM_TALLY -> new RoomTally();
      case SUMMARIZE -> new PeerProcessors.Summarize();
      case COUNT_UNDELIVERED -> new PeerProcessors.CountUndelivered();
      case ANNOUNCE -> new PeerProcessors.Announce();
      case ANNOUNCED -> new Announced();
      default -> null;
    };
  }
}
