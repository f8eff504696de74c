package io.signaling.directory;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@link ClusterLayout} this node writes: the newest one every member of the cluster reads. Each member
 * advertises the newest layout it reads in a member attribute; a member without the attribute is of a release
 * that reads only {@link ClusterLayout#POSITIONAL}. So during a rolling upgrade from such a release the new nodes
 * keep writing what the old ones read, and switch to {@link ClusterLayout#RECORDS} when the last old node leaves.
 * Readers take every layout at any time.
 *
 * <p>The choice is one per JVM: all members in one JVM (tests) are of one release and see the same members.
 */
public final class ClusterFormat {

  /** The member attribute naming the newest layout the member reads, by {@link ClusterLayout#level()}. */
  public static final String ATTRIBUTE = "signaling.formats";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterFormat.class);
  private static final ClusterLayout NEWEST = ClusterLayout.RECORDS;

  /** Until this node has seen the members: the layout every release reads. */
  private static volatile ClusterLayout writing = ClusterLayout.POSITIONAL;

  private ClusterFormat() {
  }

  /** The layout objects are written in now. */
  public static ClusterLayout writing() {
    return writing;
  }

  /** Says in the member's attributes which layouts it reads. */
  static void advertise(Config config) {
    config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, String.valueOf(NEWEST.level()));
  }

  /** Chooses the layout from the members now, and again whenever one joins or leaves. */
  static void follow(HazelcastInstance hazelcast) {
    MemberChanges.follow(hazelcast, ClusterFormat::choose);
  }

  /** The newest layout all of these members read. */
  static ClusterLayout readByAll(Collection<Member> members) {
    int level = NEWEST.level();
    for (Member member : members) {
      level = Math.min(level, levelOf(member.getAttribute(ATTRIBUTE)));
    }
    return level >= ClusterLayout.RECORDS.level() ? ClusterLayout.RECORDS : ClusterLayout.POSITIONAL;
  }

  private static int levelOf(String attribute) {
    if (attribute == null) {
      return ClusterLayout.POSITIONAL.level();
    }
    try {
      return Integer.parseInt(attribute);
    } catch (NumberFormatException e) {
      return ClusterLayout.POSITIONAL.level();
    }
  }

  private static synchronized void choose(Collection<Member> members) {
    ClusterLayout chosen = readByAll(members);
    if (chosen != writing) {
      LOG.info("writing cluster objects as {} now: the newest layout all {} members read", chosen, members.size());
      writing = chosen;
    }
  }

  /** For tests that write one layout on purpose. */
  static void writeAs(ClusterLayout layout) {
    writing = layout;
  }
}
