// Evaluates NetworkPolicies the way the API defines them, for the connections renfort needs:
// a connection is allowed when the source's egress policies (if any select it) and the
// destination's ingress policies (if any select it) both have a rule admitting it.
// ipBlock peers are treated as admitting nothing: the checks only concern pods.
import { selects } from "./objects.mjs";

// An endpoint of a connection: a pod's labels, its namespace's labels and its named ports.
export function endpoint(labels, namespace, ports = {}, namespaceLabels = {}) {
  return { labels, ports, namespaceLabels: { "kubernetes.io/metadata.name": namespace, ...namespaceLabels } };
}

function policyTypes(policy) {
  if (policy.spec.policyTypes) return policy.spec.policyTypes;
  return policy.spec.egress ? ["Ingress", "Egress"] : ["Ingress"];
}

function peerAdmits(peer, other, policyNamespace) {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    if (!selects(peer.namespaceSelector, other.namespaceLabels)) return false;
  } else if (other.namespaceLabels["kubernetes.io/metadata.name"] !== policyNamespace) {
    return false; // a bare podSelector means the policy's own namespace
  }
  return peer.podSelector ? selects(peer.podSelector, other.labels) : true;
}

function portAdmits(rulePorts, destination, port) {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? "TCP") !== "TCP") return false;
    if (p.port === undefined) return true;
    const number = typeof p.port === "number" ? p.port : destination.ports[p.port];
    return number === port || (p.endPort !== undefined && port >= number && port <= p.endPort);
  });
}

// Whether `source` may open a TCP connection to `destination` on `port` (a number).
export function allows(policies, source, destination, port) {
  return (
    sideAllows(policies, "Egress", source, destination, port) &&
    sideAllows(policies, "Ingress", source, destination, port)
  );
}

function sideAllows(policies, type, source, destination, port) {
  const subject = type === "Egress" ? source : destination;
  const peer = type === "Egress" ? destination : source;
  const applicable = policies.filter(
    (p) =>
      policyTypes(p).includes(type) &&
      p.metadata.namespace === subject.namespaceLabels["kubernetes.io/metadata.name"] &&
      selects(p.spec.podSelector ?? {}, subject.labels),
  );
  if (applicable.length === 0) return true;
  const rulesOf = (p) => (type === "Egress" ? p.spec.egress : p.spec.ingress) ?? [];
  const peersOf = (rule) => (type === "Egress" ? rule.to : rule.from);
  return applicable.some((p) =>
    rulesOf(p).some((rule) => {
      const peers = peersOf(rule);
      const peerOk =
        !peers || peers.length === 0 || peers.some((x) => peerAdmits(x, peer, p.metadata.namespace));
      return peerOk && portAdmits(rule.ports, destination, port);
    }),
  );
}

// The types of the policies selecting a pod, e.g. Set {"Ingress", "Egress"}.
export function isolation(policies, pod) {
  const types = new Set();
  for (const p of policies) {
    if (p.metadata.namespace !== pod.namespaceLabels["kubernetes.io/metadata.name"]) continue;
    if (selects(p.spec.podSelector ?? {}, pod.labels)) for (const t of policyTypes(p)) types.add(t);
  }
  return types;
}
