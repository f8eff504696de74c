package io.signaling.directory;

/**
 * How the directory's objects are laid out when they cross the cluster. Each layout has its own serialization ids,
 * so a reader always knows which one it holds.
 */
public enum ClusterLayout {
  /**
   * Field after field by position, with no version and no room to grow: what every release before versioned formats
   * wrote and read. Read for good; written only while a member of such a release is in the cluster.
   */
  POSITIONAL(1, 0),
  /**
   * Records of fields ({@link io.signaling.format}): each type's record opens with its revision and a reader skips
   * fields appended by a later release, so this release and the next read each other's objects.
   */
  RECORDS(2, 100);

  private final int level;
  private final int idOffset;

  ClusterLayout(int level, int idOffset) {
    this.level = level;
    this.idOffset = idOffset;
  }

  /** The number a member advertises to say it reads this layout (and every lower one). */
  public int level() {
    return level;
  }

  int classId(int type) {
    return type + idOffset;
  }

  /** The layout a serialization id belongs to. */
  static ClusterLayout ofClassId(int classId) {
    return classId >= RECORDS.idOffset ? RECORDS : POSITIONAL;
  }

  /** The type's number in {@link DirectorySerialization}, or -1 for an id of no layout. */
  static int typeOf(int classId) {
    return classId >= 0 && classId < 2 * RECORDS.idOffset ? classId % RECORDS.idOffset : -1;
  }
}
