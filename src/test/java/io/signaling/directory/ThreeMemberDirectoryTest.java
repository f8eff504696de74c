package io.signaling.directory;

class ThreeMemberDirectoryTest extends PeerDirectoryContract {
  ThreeMemberDirectoryTest() {
    super(3);
  }
}
