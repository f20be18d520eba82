package connmonitor.lab;

/**
 * What one direction of an emulated link did so far (since start or the last reset).
 *
 * @param received  packets read from the sending side
 * @param delivered packets written to the receiving side (duplicates included)
 * @param dropped   packets dropped by the loss probability
 * @param cutOff    packets lost because the link was cut (arrived while cut, or still held at the cut),
 *                  or because the receiving device was down
 * @param duplicated packets that were sent twice
 * @param corrupted  packets (copies) that left with a flipped byte
 * @param reordered  packets (copies) sent at once, ahead of held ones
 */
public record Counters(long received, long delivered, long dropped, long cutOff, long duplicated,
                       long corrupted, long reordered) {
}
