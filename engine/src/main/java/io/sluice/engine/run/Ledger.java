package io.sluice.engine.run;

import io.sluice.engine.plan.Partition;
import io.sluice.engine.plan.PartitionStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A run's book of partitions: which are pending, running (on which worker, which attempt),
 * waiting to be retried, committed or failed. Only the current attempt of a partition may
 * settle it, so a late report from an earlier attempt changes nothing. A running attempt holds a
 * lease that its progress renews; {@link #lapsed} names the attempts whose lease ran out.
 */
public final class Ledger<W> {

  /** The state of one partition. */
  public enum State {
    PENDING,
    RUNNING,
    WAITING_RETRY,
    COMMITTED,
    FAILED
  }

  private final List<Partition> partitions;
  private final State[] states;
  private final int[] attempts;
  private final List<W> workers;
  private final PartitionStats[] stats;
  private final long[] liveRecords;
  private final String[] errors;
  /** When each partition's current attempt was handed out (System.nanoTime), for its rate. */
  private final long[] attemptStartNanos;
  /** {@link System#nanoTime()} by which a running attempt must be heard from again. */
  private final long[] leaseEnds;
  private final long leaseNanos;
  private final TreeSet<Integer> pending = new TreeSet<>();
  /**
   * Partitions in each state, and the sums a status shows, kept as the ledger changes: a status is published while
   * partitions commit, and counting 100,000 partitions for each made the coordinator quadratic in the run's size.
   */
  private final int[] inState = new int[State.values().length];
  private long committedIn;
  private long committedOut;
  private long committedBad;
  private long liveIn;
  private long bytesCommitted;

  public Ledger(List<Partition> partitions, Duration lease) {
    this.partitions = partitions;
    this.leaseNanos = lease.toNanos();
    leaseEnds = new long[partitions.size()];
    int n = partitions.size();
    states = new State[n];
    attempts = new int[n];
    workers = new ArrayList<>(java.util.Collections.nCopies(n, null));
    stats = new PartitionStats[n];
    liveRecords = new long[n];
    errors = new String[n];
    attemptStartNanos = new long[n];
    for (int i = 0; i < n; i++) {
      states[i] = State.PENDING;
      pending.add(i);
    }
    inState[State.PENDING.ordinal()] = n;
  }

  /** Every change of a partition's state goes through here, so the counts and sums stay right. */
  private void moveTo(int index, State next) {
    State was = states[index];
    if (was == State.RUNNING) liveIn -= liveRecords[index];
    if (was == State.COMMITTED) uncount(index);
    inState[was.ordinal()]--;
    inState[next.ordinal()]++;
    states[index] = next;
  }

  private void uncount(int index) {
    PartitionStats s = stats[index];
    if (s != null) {
      committedIn -= s.recordsIn();
      committedOut -= s.recordsOut();
      committedBad -= s.badRecords();
    }
    bytesCommitted -= partitions.get(index).length();
  }

  private void count(int index, PartitionStats s) {
    stats[index] = s;
    if (s != null) {
      committedIn += s.recordsIn();
      committedOut += s.recordsOut();
      committedBad += s.badRecords();
    }
    bytesCommitted += partitions.get(index).length();
  }

  /** Hands the first pending partition (in input order) to {@code worker}, as a new attempt leased from {@code now}. */
  public Optional<Assigned> assignNext(W worker, long now) {
    Integer next = pending.pollFirst();
    if (next == null) return Optional.empty();
    moveTo(next, State.RUNNING);
    attempts[next]++;
    workers.set(next, worker);
    liveRecords[next] = 0;
    attemptStartNanos[next] = now;
    leaseEnds[next] = now + leaseNanos;
    return Optional.of(new Assigned(partitions.get(next), attempts[next]));
  }

  /** A partition and the attempt number it was handed out with (1 for the first). */
  public record Assigned(Partition partition, int attempt) {}

  /** True when the report is about the attempt now running; anything else is stale. */
  public boolean isCurrent(int index, int attempt) {
    return index >= 0 && index < states.length && states[index] == State.RUNNING && attempts[index] == attempt;
  }

  /** The attempt read this far by {@code now}; word from it renews its lease. */
  public void progress(int index, int attempt, long recordsRead, long now) {
    if (!isCurrent(index, attempt)) return;
    liveIn += recordsRead - liveRecords[index];
    liveRecords[index] = recordsRead;
    leaseEnds[index] = now + leaseNanos;
  }

  /** Running attempts not heard from since their lease ended, before {@code now}. */
  public List<Assigned> lapsed(long now) {
    List<Assigned> found = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      if (states[i] == State.RUNNING && now - leaseEnds[i] > 0) found.add(new Assigned(partitions.get(i), attempts[i]));
    }
    return found;
  }

  /** An earlier run of the job committed this partition ({@code mode = resume}): it is not run again. */
  public void keep(int index, PartitionStats partitionStats) {
    pending.remove(index);
    moveTo(index, State.COMMITTED);
    count(index, partitionStats);
  }

  public void committed(int index, PartitionStats partitionStats) {
    moveTo(index, State.COMMITTED);
    count(index, partitionStats);
    workers.set(index, null);
  }

  /** The attempt failed; the partition waits for its retry. */
  public void attemptFailed(int index, String error) {
    moveTo(index, State.WAITING_RETRY);
    errors[index] = error;
    workers.set(index, null);
  }

  /** The partition has no attempts left. */
  public void failed(int index, String error) {
    moveTo(index, State.FAILED);
    errors[index] = error;
    workers.set(index, null);
  }

  /** The retry is due: the partition can be handed out again. */
  public void requeue(int index) {
    if (states[index] == State.WAITING_RETRY || states[index] == State.RUNNING) {
      moveTo(index, State.PENDING);
      workers.set(index, null);
      pending.add(index);
    }
  }

  /** Partitions running on {@code worker}, e.g. to requeue when it is gone. */
  public List<Integer> runningOn(W worker) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < states.length; i++) if (states[i] == State.RUNNING && worker.equals(workers.get(i))) found.add(i);
    return found;
  }

  /** Every worker that runs a partition now. */
  public List<W> busyWorkers() {
    List<W> found = new ArrayList<>();
    for (int i = 0; i < states.length; i++) if (states[i] == State.RUNNING && !found.contains(workers.get(i))) found.add(workers.get(i));
    return found;
  }

  /** Drops every pending partition, so that nothing more is handed out (cancel or failure). */
  public void stopHandingOut() {
    pending.clear();
  }

  public int count(State state) {
    return inState[state.ordinal()];
  }

  public int size() {
    return states.length;
  }

  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /** True when nothing is running or waiting for a retry. */
  public boolean isQuiet() {
    return count(State.RUNNING) == 0 && count(State.WAITING_RETRY) == 0;
  }

  public boolean allCommitted() {
    return count(State.COMMITTED) == states.length;
  }

  public Partition partition(int index) {
    return partitions.get(index);
  }

  public State state(int index) {
    return states[index];
  }

  public int attempts(int index) {
    return attempts[index];
  }

  public PartitionStats stats(int index) {
    return stats[index];
  }

  /** The worker running the partition, or null when it runs nowhere. */
  public W worker(int index) {
    return states[index] == State.RUNNING ? workers.get(index) : null;
  }

  /** Records per second the running attempt has read since it was handed out; 0 when not running. */
  public double recordsPerSecond(int index) {
    if (states[index] != State.RUNNING) return 0;
    double seconds = (System.nanoTime() - attemptStartNanos[index]) / 1e9;
    return seconds <= 0 ? 0 : liveRecords[index] / seconds;
  }

  /** Records the running attempt has read so far. */
  public long liveRecords(int index) {
    return states[index] == State.RUNNING ? liveRecords[index] : 0;
  }

  public String error(int index) {
    return errors[index];
  }

  /** Records read, written and bad: committed partitions plus what running ones read so far. */
  public RunStatus.Records records() {
    return new RunStatus.Records(committedIn + liveIn, committedOut, committedBad);
  }

  /** Input bytes of the committed partitions, for the ETA. */
  public long bytesDone() {
    return bytesCommitted;
  }
}
