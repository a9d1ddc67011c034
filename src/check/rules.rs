//! Every diagnostic code zukai emits, with the paragraph `zukai explain CODE` prints. One
//! table feeds `explain`, the SARIF rule list, the `[lints]` table of the JSON Schema and the
//! check of lint names, so a new code is documented in exactly one place.

use crate::diag::RuleDoc;

const fn error(id: &'static str, summary: &'static str, explanation: &'static str) -> RuleDoc {
    RuleDoc {
        id,
        lint: false,
        summary,
        explanation,
    }
}

const fn lint(id: &'static str, summary: &'static str, explanation: &'static str) -> RuleDoc {
    RuleDoc {
        id,
        lint: true,
        summary,
        explanation,
    }
}

/// Lint rule ids, in documentation order. Their level is set per rule with `[lints]` in an
/// inventory or `-A/-W/-D RULE` on the command line; every lint defaults to `warn`.
pub const LINTS: &[RuleDoc] = &[
    lint(
        "singleton",
        "something that must run as exactly one copy runs as several",
        "Some work must be done by exactly one process in the whole system: a queue of periodic \
         batch jobs (Sidekiq's `scheduler`), a leader, a cron runner. Marked `singleton = true` on \
         a queue or an item, it is reported when more than one workload serves the queue, when \
         the one workload that serves it runs more than one replica (a Deployment with \
         `replicas > 1`, a DaemonSet on several nodes), or when a singleton item itself has \
         more than one replica. Two copies run the same jobs twice, concurrently. Fix: give the \
         queue its own workload with `replicas = 1`, as Asteroidon split `scheduler` out of its \
         Sidekiq pods.",
    ),
    lint(
        "queue-coverage",
        "a queue that something puts jobs on is served by no worker",
        "A workload lists the queue in `enqueues`, so jobs land on it, but no workload lists it \
         in `queues`, so nothing ever takes them off: jobs pile up in the broker and the work \
         they stand for never happens. This often follows a split of workers by queue where one \
         queue was forgotten. Fix: add the queue to the `queues` of a worker, or stop enqueuing \
         on it.",
    ),
    lint(
        "dependency-cycle",
        "items depend on each other in a cycle",
        "Following `uses`, `reads`, `writes` and `routes` links (and a Service's `selects`) \
         from an item leads back to it. \
         Such items cannot start one after the other, and a failure in any of them can keep all \
         of them down, each waiting for the next. The cycle is reported once, with every \
         member. Monitoring, deploys, backups, replication and migrations are not run-time \
         dependencies and do not count. Fix: break the cycle (an asynchronous queue, a cache), \
         or correct a link that points the wrong way.",
    ),
    lint(
        "orphan",
        "an item no link reaches and that reaches nothing",
        "The item has no link in either direction, contains nothing, no Service selects it, no \
         probe depends on it and it serves or holds no queue. Either it is left over from an \
         earlier era, or the links that explain why it exists were never written. A machine \
         placed in another item (a node in its cluster) is part of it and not reported. Fix: \
         add the links (what uses it, what it uses), or remove it.",
    ),
    lint(
        "capacity",
        "what is placed on a machine requests more CPU or memory than it has",
        "The `cpu-request` and `memory-request` of everything placed on a VM, node or cluster \
         (transitively, multiplied by `replicas`; a DaemonSet counts once per node) add up to \
         more than the machine's `cpu` or `memory`; a cluster's capacity is the sum of its \
         nodes. Kubernetes would leave pods Pending, and a VM would swap or kill processes. Fix: \
         lower the requests, add nodes, or give the machine more resources.",
    ),
    lint(
        "stateful-without-volume",
        "a data store or StatefulSet inside Kubernetes has no persistence",
        "A data store or StatefulSet runs inside a Kubernetes cluster but has neither `volume` \
         nor `persistent = true`, so its data lives in the pod and is lost when the pod is \
         rescheduled or restarted. Fix: give it a persistent volume (`volume = \"pg-data\"`), or \
         set `persistent = true` if the volume is managed elsewhere; for a cache that may lose \
         its data, allow the lint for the inventory.",
    ),
    lint(
        "unmonitored",
        "a CronJob without a heartbeat, or a workload nothing monitors",
        "Only reported when the era has monitoring at all (some `monitors` link). A CronJob \
         needs a `monitors` link of its own, such as a heartbeat check, because a job that \
         silently stops running shows up nowhere else. Any other workload (one-off Jobs \
         excepted) counts as monitored \
         when a `monitors` link points at it, at a container it is placed in (an agent watching \
         the whole cluster or VM), or at a Service or proxy that sends traffic to it. Fix: add \
         the `monitors` link.",
    ),
    lint(
        "single-point-of-failure",
        "an item that runs as one copy cuts every entry point off from part of the system",
        "Starting from the era's entry points (items of kind `users`) and following `uses`, \
         `reads`, `writes` and `routes` links and Service `selects`, an item is a single point \
         of failure when it runs \
         as exactly one copy and either every path from the entry points to some other item \
         goes through it (it dominates that item), or it is a data store at the end of such a \
         path (the only copy of the data). Its loss stops everything behind it. Services, \
         ingresses, DNS records and items hosted by a SaaS or cloud provider are managed and \
         not counted. Fix: run more replicas, add a second path, or allow the lint and say why \
         in a comment.",
    ),
    lint(
        "probe-shares-dependency",
        "liveness probes of several workloads depend on the same item",
        "When several workloads list the same item in `liveness-depends-on`, one short outage \
         of that item fails all their liveness probes at once, and Kubernetes restarts every \
         one of them at the same moment, turning a blip into an outage (the unexplained \
         simultaneous restarts in the Asteroidon write-up are a classic case). Fix: make \
         liveness probes check only the process itself, and move dependency checks to \
         readiness probes (`readiness-depends-on`), which take a pod out of traffic without \
         restarting it.",
    ),
];

/// Error codes: the inventory is wrong. They cannot be allowed.
pub const ERRORS: &[RuleDoc] = &[
    error(
        "io",
        "a file could not be read",
        "The file is missing, unreadable, a directory without inventories, larger than the \
         size limit, binary, or not UTF-8. Nothing in it was checked; `zukai check` exits with \
         code 2. Fix: name an existing UTF-8 TOML inventory.",
    ),
    error(
        "syntax",
        "the file is not valid TOML",
        "The TOML parser stopped at this position: a missing quote or bracket, a bare word \
         where a value belongs, or tables and arrays nested deeper than the parser allows. Fix \
         the text at the caret; other files are still checked in the same run.",
    ),
    error(
        "duplicate-id",
        "two items or queues have the same id",
        "Every `[items.ID]` and `[queues.ID]` must be declared once per file: ids are how links, \
         placement and diffs refer to things. To change an inherited item in an era that \
         `extends` another, declare it once in the new file; to have two similar items, give \
         them different ids.",
    ),
    error(
        "duplicate-era",
        "two files declare the same era name",
        "Era names are how `extends` and `zukai diff` find an era, so each must be unique among \
         the files checked together and the files beside them. Rename one of the eras.",
    ),
    error(
        "duplicate-link",
        "the same link is declared twice",
        "Two `[[links]]` entries in one file have the same `from`, `to` and `kind`. A link's ends \
         and kind are its identity, so the second one is ambiguous. Merge them into one entry.",
    ),
    error(
        "unknown-key",
        "a key that the table or the item's kind does not take",
        "Each kind of item accepts the attributes listed by `zukai schema` (and in \
         docs/inventory.md); links, queues and `[era]` have their own keys. A misspelt key \
         would otherwise be silently ignored. The message suggests the closest known key; \
         free-form data belongs in `meta = { ... }`.",
    ),
    error(
        "unknown-kind",
        "an item's kind is not one zukai knows",
        "`kind` must be one of the kinds in the vocabulary (vm, cluster, deployment, \
         postgresql...). For anything else use `kind = \"generic\"` with `type = \"...\"`, so \
         the item is still drawn and checked.",
    ),
    error(
        "missing-key",
        "a required key is missing",
        "Every file needs an `[era]` table with `name` and `title`, every item a `kind` (unless \
         it overrides an inherited item), every link a `from` and a `to`, and generic items a \
         `type`.",
    ),
    error(
        "type",
        "a value has the wrong type",
        "The key takes another type of value: a string, an integer, a boolean, an array of \
         strings, a table. Integers are written without quotes (`replicas = 2`).",
    ),
    error(
        "unit",
        "a CPU, memory, port or integer value cannot be read",
        "CPU is cores (`2`, `0.5`) or millicores (`\"500m\"`); memory is a size with a unit \
         (`\"8GiB\"`, `\"8GB\"`, `\"512Mi\"`); ports are `80`, `\"443/tcp\"` or `\"8080:80\"`; \
         counts are whole numbers of 0 or more.",
    ),
    error(
        "cron",
        "a cron schedule cannot be read",
        "Schedules have five fields (minute, hour, day of month, month, day of week), such as \
         `\"0 22 * * *\"`, or a macro such as `\"@daily\"`; each field must be in range.",
    ),
    error(
        "unknown-value",
        "a value is not one of the allowed choices",
        "The key takes one of a fixed set of values (a Service `type`, a link `kind`, a lint \
         level `allow`/`warn`/`deny`); the message lists them and suggests the closest.",
    ),
    error(
        "bad-id",
        "an id has characters ids may not have",
        "Ids use letters, digits, `-`, `_` and `.`, so that they can be written in links, \
         `remove-links` (`\"a -> b\"`) and file names of rendered diagrams.",
    ),
    error(
        "extends",
        "an era extends an era that does not exist, or itself",
        "`extends` names another era, declared in one of the files checked or in a `*.toml` \
         file beside them. An era cannot extend itself, directly or through a chain of eras.",
    ),
    error(
        "unknown-reference",
        "a reference names an item or queue that does not exist",
        "`in`, link `from`/`to`, `selects`, `liveness-depends-on`, `readiness-depends-on` and \
         queue `broker` must name an item of the era; `queues` and `enqueues` must name a queue \
         declared under `[queues]`; `was` must name an item of the era this one extends; \
         `remove` and `remove-links` must name what the extended era has. The message suggests \
         the closest id.",
    ),
    error(
        "placement",
        "an item is placed where it cannot run",
        "`in` says what an item runs inside, and not every nesting exists: a Pod runs on a \
         cluster, namespace or node, not directly on a VM; a compose service only exists inside \
         a compose project; a node or namespace belongs to a cluster; Deployments and other \
         Kubernetes objects must sit in a cluster or namespace. The hint lists the kinds this \
         item may be placed in; `group` can hold anything.",
    ),
    error(
        "placement-cycle",
        "items are placed inside each other in a cycle",
        "Following `in` from an item leads back to it, so none of them has an outermost \
         container and the diagram cannot nest them. Every member of the cycle is named once. \
         Remove the `in` that points inward.",
    ),
    error(
        "self-link",
        "a link goes from an item to itself",
        "A link from an item to the same item says nothing a diagram can show and is usually a \
         copy-paste slip in `from` or `to`.",
    ),
    error(
        "unknown-lint",
        "a lint level is set for a rule that does not exist",
        "The `[lints]` table and `-A/-W/-D` name lint rules (`zukai explain` lists them). A \
         misspelt name would silently leave the rule at its default level. Error codes cannot \
         be allowed: fix the inventory instead.",
    ),
];

/// Every code, errors first, as `zukai explain` lists them.
pub fn all() -> impl Iterator<Item = &'static RuleDoc> {
    ERRORS.iter().chain(LINTS)
}

/// The documentation of a code or rule id.
pub fn find(id: &str) -> Option<&'static RuleDoc> {
    all().find(|r| r.id == id)
}

/// Whether `id` is a lint rule.
pub fn is_lint(id: &str) -> bool {
    LINTS.iter().any(|r| r.id == id)
}
