package io.signaling.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerIdParameterTest {

  @Test
  void readsPeerIdAndTo() {
    assertThat(PeerIdParameter.peerId("peer_id=12&to=3").value()).isEqualTo(12);
    assertThat(PeerIdParameter.to("peer_id=12&to=3").value()).isEqualTo(3);
    assertThat(PeerIdParameter.to("to=2147483647").value()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void matchesWholeParameterNamesOnly() {
    assertThat(PeerIdParameter.peerId("xpeer_id=5").state()).isEqualTo(PeerIdParameter.State.ABSENT);
    assertThat(PeerIdParameter.to("peer_id=1&xto=2").state()).isEqualTo(PeerIdParameter.State.ABSENT);
    assertThat(PeerIdParameter.peerId(null).state()).isEqualTo(PeerIdParameter.State.ABSENT);
  }

  @Test
  void refusesWhatIsNotAnIdInRange() {
    for (String query : new String[] {"peer_id=", "peer_id=abc", "peer_id=-1", "peer_id=2147483648",
        "peer_id=99999999999", "peer_id=1x", "peer_id=+1", "peer_id= 1"}) {
      assertThat(PeerIdParameter.peerId(query).state()).as(query).isEqualTo(PeerIdParameter.State.INVALID);
    }
  }
}
