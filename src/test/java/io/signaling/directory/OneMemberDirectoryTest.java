package io.signaling.directory;

class OneMemberDirectoryTest extends PeerDirectoryContract {
  OneMemberDirectoryTest() {
    super(1);
  }
}
