package io.sluice.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.run.RunDetail;
import io.sluice.engine.run.RunManager;
import io.sluice.engine.run.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster's nodes for {@code GET /api/v1/nodes}: each member's address, roles and status,
 * with the partitions it runs now and the records per second they read, summed over the
 * partitions of the runs in flight (as their coordinators see them).
 */
final class NodeList {
  private NodeList() {}

  /** One node as {@code /api/v1/nodes} shows it. */
  private static final class Node {
    final String address;
    List<String> roles = List.of();
    String status = "Up";
    int partitionsRunning;
    double recordsPerSecond;

    Node(String address) {
      this.address = address;
    }
  }

  static CompletionStage<ArrayNode> list(ActorSystem<?> system, ActorRef<RunManager.Command> manager, Duration timeout) {
    return AskPattern.<RunManager.Command, RunManager.RunList>ask(manager, RunManager.ListRuns::new, timeout, system.scheduler())
        .thenCompose(list -> {
          List<CompletableFuture<RunManager.RunDetailReply>> details = new ArrayList<>();
          for (RunStatus run : list.runs()) {
            if (run.status().isFinal()) continue;
            details.add(AskPattern.<RunManager.Command, RunManager.RunDetailReply>ask(manager,
                    replyTo -> new RunManager.GetRunDetail(run.runId(), false, replyTo), timeout, system.scheduler())
                .toCompletableFuture().exceptionally(failure -> new RunManager.RunDetailReply(null)));
          }
          return CompletableFuture.allOf(details.toArray(CompletableFuture[]::new))
              .thenApply(done -> render(system, details.stream().map(CompletableFuture::join).toList()));
        });
  }

  private static ArrayNode render(ActorSystem<?> system, List<RunManager.RunDetailReply> details) {
    Map<String, Node> nodes = new TreeMap<>();
    Function<String, Node> node = address -> nodes.computeIfAbsent(address, Node::new);
    if (NodeHealth.clustered(system)) {
      for (Member member : Cluster.get(system).state().getMembers()) {
        Node n = node.apply(member.address().toString());
        n.roles = member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList();
        n.status = member.status().toString();
      }
    } else {
      node.apply(system.address().toString()).roles = List.of("coordinator", "worker");
    }
    for (RunManager.RunDetailReply reply : details) {
      if (reply.detail() == null) continue;
      for (RunDetail.PartitionView p : reply.detail().partitions()) {
        if (p.node() == null || !p.state().equals("RUNNING")) continue;
        Node n = node.apply(p.node());
        n.partitionsRunning++;
        n.recordsPerSecond += p.recordsPerSecond();
      }
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    String self = system.address().toString();
    for (Node n : nodes.values()) {
      ObjectNode json = array.addObject();
      json.put("address", n.address);
      ArrayNode roles = json.putArray("roles");
      n.roles.forEach(roles::add);
      json.put("status", n.status);
      json.put("self", n.address.equals(self));
      json.put("partitionsRunning", n.partitionsRunning);
      json.put("recordsPerSecond", Math.round(n.recordsPerSecond * 10) / 10.0);
    }
    return array;
  }
}
