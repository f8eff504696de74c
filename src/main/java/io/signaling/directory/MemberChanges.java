package io.signaling.directory;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.Collection;
import java.util.function.Consumer;

/** Hands the members to a choice now, and again whenever one joins or leaves (on a Hazelcast event thread). */
final class MemberChanges implements MembershipListener {

  private final Consumer<Collection<Member>> choice;

  private MemberChanges(Consumer<Collection<Member>> choice) {
    this.choice = choice;
  }

  /** Whether every one of these members says "1" in that attribute (a capability a release advertises). */
  static boolean everyMemberSays(Collection<Member> members, String attribute) {
    return members.stream().allMatch(member -> "1".equals(member.getAttribute(attribute)));
  }

  static void follow(HazelcastInstance hazelcast, Consumer<Collection<Member>> choice) {
    hazelcast.getCluster().addMembershipListener(new MemberChanges(choice));
    choice.accept(hazelcast.getCluster().getMembers());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    choice.accept(event.getMembers());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    choice.accept(event.getMembers());
  }
}
