//! The vocabulary of inventories: every item kind, what it may contain, and the attributes
//! it takes. One table drives the loader, the JSON Schema, "did you mean" and the docs.

use serde::Serialize;

/// The broad family of a kind; decides default shapes, lints and diff wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Something that runs other things: VM, cluster, node, namespace, compose project, group.
    Machine,
    /// Something that runs code: Deployment, StatefulSet, CronJob, compose service...
    Workload,
    /// Something that carries traffic: Kubernetes Service, proxy, load balancer, ingress, DNS.
    Traffic,
    /// Something that keeps data: PostgreSQL, Redis, Elasticsearch, object storage...
    Store,
    /// Something outside the system: users, SaaS, git repositories, cloud providers.
    External,
    /// The escape hatch: a kind zukai does not know, labelled by the user.
    Generic,
}

/// The value type an attribute accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Any string.
    Str,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A non-negative integer.
    Int,
    /// `true` or `false`.
    Bool,
    /// CPU: `2`, `0.5`, `"500m"`, `"4 cores"`.
    Cpu,
    /// Bytes: `"8GiB"`, `"8GB"`, `"512Mi"`, `"4G"`.
    Memory,
    /// A five-field cron schedule or `@daily`-style macro.
    Cron,
    /// A list of strings.
    StrList,
    /// A list of item ids.
    RefList,
    /// A list of ports: `80`, `"443/tcp"`, `"8080:80"`.
    Ports,
    /// A table of free-form scalar values (`meta`).
    Table,
}

/// One attribute a kind accepts.
#[derive(Debug, Clone, Copy)]
pub struct AttrSpec {
    /// The key as written in TOML (kebab-case).
    pub name: &'static str,
    /// Accepted values.
    pub ty: AttrType,
    /// One line for the schema and docs.
    pub doc: &'static str,
}

const fn a(name: &'static str, ty: AttrType, doc: &'static str) -> AttrSpec {
    AttrSpec { name, ty, doc }
}

use AttrType::*;

/// Keys every item accepts.
pub const COMMON_ATTRS: &[AttrSpec] = &[
    a("kind", Str, "What the item is (required)."),
    a("label", Str, "Display name; defaults to the id."),
    a(
        "in",
        Str,
        "Id of the item this one is placed in (its container).",
    ),
    a(
        "description",
        Str,
        "A sentence about the item, shown in tooltips and tables.",
    ),
    a(
        "was",
        Str,
        "The id this item had in the era it extends or is compared with (a rename).",
    ),
    a(
        "meta",
        Table,
        "Free-form key/value metadata, shown in tooltips.",
    ),
];

const MACHINE: &[AttrSpec] = &[
    a("cpu", Cpu, "CPU cores: 4, 0.5, \"500m\"."),
    a("memory", Memory, "Memory: \"8GiB\", \"4GB\", \"512Mi\"."),
    a("disk", Memory, "Disk size."),
    a(
        "site",
        Str,
        "Where it runs: home, gcp, aws, a data-centre name.",
    ),
    a("provider", Str, "Hypervisor or cloud provider."),
    a("machine-type", Str, "Cloud machine type, e.g. e2-medium."),
    a("os", Str, "Operating system."),
];

const CLUSTER: &[AttrSpec] = &[
    a(
        "distribution",
        Str,
        "Kubernetes distribution: microk8s, k3s, GKE...",
    ),
    a("version", Str, "Kubernetes version."),
    a("site", Str, "Where it runs."),
];

const COMPOSE_PROJECT: &[AttrSpec] = &[a("file", Str, "Path of the compose file.")];

/// Attributes shared by everything that runs code, including data stores.
const RUNS: &[AttrSpec] = &[
    a("image", Str, "Container image, with tag."),
    a("replicas", Int, "Number of running copies; default 1."),
    a("command", Str, "Command line."),
    a(
        "role",
        Str,
        "What it does, e.g. Rails/Puma or Node.js streaming.",
    ),
    a(
        "cpu-request",
        Cpu,
        "CPU requested (counts towards capacity).",
    ),
    a(
        "memory-request",
        Memory,
        "Memory requested (counts towards capacity).",
    ),
    a("cpu-limit", Cpu, "CPU limit."),
    a("memory-limit", Memory, "Memory limit."),
    a("ports", Ports, "Ports it listens on."),
    a(
        "queues",
        StrList,
        "Queues this worker serves (ids from [queues]).",
    ),
    a(
        "enqueues",
        StrList,
        "Queues this workload puts jobs on (ids from [queues]).",
    ),
    a(
        "singleton",
        Bool,
        "Must run as exactly one copy in the whole system.",
    ),
    a(
        "liveness-depends-on",
        RefList,
        "Items the liveness probe depends on.",
    ),
    a(
        "readiness-depends-on",
        RefList,
        "Items the readiness probe depends on.",
    ),
    a(
        "env-from",
        StrList,
        "ConfigMaps and Secrets the environment comes from.",
    ),
    a(
        "volume",
        Str,
        "Persistent volume (claim, named volume or host path).",
    ),
    a(
        "persistent",
        Bool,
        "Whether its data survives a restart; implied by `volume`.",
    ),
    a("restart", Str, "Restart policy."),
    a("healthcheck", Str, "Health check command or URL."),
    a(
        "profiles",
        StrList,
        "Compose profiles the service belongs to.",
    ),
];

const CRONJOB: &[AttrSpec] = &[
    a("schedule", Cron, "Cron schedule, e.g. \"0 22 * * *\"."),
    a("timezone", Str, "Time zone of the schedule; default UTC."),
    a(
        "concurrency-policy",
        Enum(&["Allow", "Forbid", "Replace"]),
        "What to do when a run is still going.",
    ),
    a(
        "backoff-limit",
        Int,
        "Retries before a Job is marked failed.",
    ),
    a(
        "starting-deadline-seconds",
        Int,
        "How late a missed run may still start.",
    ),
    a(
        "restart-policy",
        Enum(&["Always", "OnFailure", "Never"]),
        "Pod restart policy.",
    ),
    a("successful-jobs-history-limit", Int, "Finished Jobs kept."),
    a("failed-jobs-history-limit", Int, "Failed Jobs kept."),
];

const SERVICE: &[AttrSpec] = &[
    a(
        "type",
        Enum(&[
            "ClusterIP",
            "NodePort",
            "LoadBalancer",
            "ExternalName",
            "Headless",
        ]),
        "Kubernetes Service type.",
    ),
    a("ports", Ports, "Ports it exposes."),
    a("selects", RefList, "Workloads it sends traffic to."),
];

const PROXY: &[AttrSpec] = &[
    a("software", Str, "nginx, HAProxy, Traefik, Envoy..."),
    a("ports", Ports, "Ports it listens on."),
    a("tls", Bool, "Whether it terminates TLS."),
    a("image", Str, "Container image, when it runs in one."),
    a("replicas", Int, "Number of running copies; default 1."),
];

const INGRESS: &[AttrSpec] = &[
    a("host", Str, "Host name it serves."),
    a("class", Str, "Ingress class."),
    a("tls", Bool, "Whether it terminates TLS."),
];

const DNS: &[AttrSpec] = &[
    a("name", Str, "The record's name, e.g. example.com."),
    a(
        "type",
        Enum(&["A", "AAAA", "CNAME", "ALIAS", "NS", "MX", "TXT"]),
        "Record type.",
    ),
    a("ttl", Int, "TTL in seconds."),
];

const STORE: &[AttrSpec] = &[
    a("version", Str, "Version of the store software."),
    a(
        "flavor",
        Str,
        "Implementation: minio, s3, gcs for object storage.",
    ),
    a("buckets", StrList, "Buckets, for object storage."),
];

const EXTERNAL: &[AttrSpec] = &[
    a("vendor", Str, "Who provides it."),
    a("url", Str, "Where it is."),
    a("region", Str, "Region, for a cloud provider."),
    a("branch", Str, "Branch, for a git repository."),
];

const GENERIC: &[AttrSpec] = &[a(
    "type",
    Str,
    "What it is, in your words (required for `generic`).",
)];

macro_rules! kinds {
    ($( $var:ident = $name:literal, $title:literal, $cat:ident, [$($spec:ident),*], $doc:literal; )*) => {
        /// Every kind of item an inventory can hold.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Kind { $( #[doc = $doc] #[serde(rename = $name)] $var, )* }

        impl Kind {
            /// Every kind, in documentation order.
            pub const ALL: &'static [Kind] = &[$(Kind::$var),*];

            /// The name written in `kind = "..."`.
            pub fn name(self) -> &'static str { match self { $(Kind::$var => $name,)* } }

            /// The human title used in captions and tables ("Deployment", "VM").
            pub fn title(self) -> &'static str { match self { $(Kind::$var => $title,)* } }

            /// The family of the kind.
            pub fn category(self) -> Category { match self { $(Kind::$var => Category::$cat,)* } }

            /// One sentence about the kind.
            pub fn doc(self) -> &'static str { match self { $(Kind::$var => $doc,)* } }

            /// The attribute tables, beyond [`COMMON_ATTRS`], this kind accepts.
            pub fn attr_tables(self) -> &'static [&'static [AttrSpec]] {
                match self { $(Kind::$var => &[$($spec),*],)* }
            }
        }
    };
}

kinds! {
    Vm = "vm", "VM", Machine, [MACHINE], "A virtual or physical machine.";
    Cluster = "cluster", "Cluster", Machine, [CLUSTER], "A Kubernetes cluster.";
    Node = "node", "Node", Machine, [MACHINE], "A Kubernetes node; placed in a cluster.";
    Namespace = "namespace", "Namespace", Machine, [], "A Kubernetes namespace; placed in a cluster.";
    Project = "project", "Compose project", Machine, [COMPOSE_PROJECT], "A Docker Compose project; holds compose services.";
    Group = "group", "Group", Machine, [], "A plain box around related items (a site, \"External services\").";
    Deployment = "deployment", "Deployment", Workload, [RUNS], "A Kubernetes Deployment.";
    StatefulSet = "statefulset", "StatefulSet", Workload, [RUNS], "A Kubernetes StatefulSet.";
    DaemonSet = "daemonset", "DaemonSet", Workload, [RUNS], "A Kubernetes DaemonSet (one pod per node).";
    CronJob = "cronjob", "CronJob", Workload, [RUNS, CRONJOB], "A Kubernetes CronJob.";
    Job = "job", "Job", Workload, [RUNS, CRONJOB], "A Kubernetes Job.";
    Pod = "pod", "Pod", Workload, [RUNS], "A bare Kubernetes Pod.";
    ComposeService = "compose-service", "Compose service", Workload, [RUNS], "A Docker Compose service (container); placed in a project.";
    Process = "process", "Process", Workload, [RUNS], "A program run directly on a machine (systemd unit, binary).";
    Service = "service", "Service", Traffic, [SERVICE], "A Kubernetes Service.";
    Proxy = "proxy", "Reverse proxy", Traffic, [PROXY], "A reverse proxy (nginx, HAProxy...).";
    LoadBalancer = "load-balancer", "Load balancer", Traffic, [PROXY], "A load balancer.";
    Ingress = "ingress", "Ingress", Traffic, [INGRESS], "A Kubernetes Ingress.";
    Dns = "dns", "DNS record", Traffic, [DNS], "A DNS record that points users at the system.";
    Postgresql = "postgresql", "PostgreSQL", Store, [RUNS, STORE], "A PostgreSQL server.";
    Redis = "redis", "Redis", Store, [RUNS, STORE], "A Redis server.";
    Elasticsearch = "elasticsearch", "Elasticsearch", Store, [RUNS, STORE], "An Elasticsearch (or OpenSearch) cluster.";
    ObjectStorage = "object-storage", "Object storage", Store, [RUNS, STORE], "S3-compatible object storage (MinIO, S3, GCS).";
    Mysql = "mysql", "MySQL", Store, [RUNS, STORE], "A MySQL or MariaDB server.";
    Store = "store", "Data store", Store, [RUNS, STORE], "Any other data store.";
    Users = "users", "Users", External, [], "The people or Internet traffic that use the system; an entry point.";
    Saas = "saas", "SaaS", External, [EXTERNAL], "A hosted service (Datadog, Mackerel, BetterUptime...).";
    GitRepo = "git-repo", "Git repository", External, [EXTERNAL], "A git repository (manifests, code).";
    CloudProvider = "cloud-provider", "Cloud provider", External, [EXTERNAL], "A cloud provider account; may hold VMs.";
    Generic = "generic", "Item", Generic, [GENERIC, RUNS, MACHINE], "Anything else; say what it is with `type`.";
}

impl Kind {
    /// Looks a kind up by the name written in TOML.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The spec of attribute `key` for this kind, common keys included.
    pub fn attr(self, key: &str) -> Option<&'static AttrSpec> {
        COMMON_ATTRS
            .iter()
            .chain(self.attr_tables().iter().flat_map(|t| t.iter()))
            .find(|s| s.name == key)
    }

    /// Every attribute key this kind accepts, common keys first, without repeats.
    pub fn attr_names(self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for s in COMMON_ATTRS
            .iter()
            .chain(self.attr_tables().iter().flat_map(|t| t.iter()))
        {
            if !names.contains(&s.name) {
                names.push(s.name);
            }
        }
        names
    }

    /// Whether items of this kind run as copies that `replicas` counts.
    pub fn runs(self) -> bool {
        matches!(self.category(), Category::Workload | Category::Store) || self == Kind::Generic
    }

    /// Whether a child of kind `self` may be placed directly in a parent of kind `parent`
    /// (`None`: at the top level). The rules follow how the platforms really nest: pods run
    /// on clusters, not on bare VMs; compose services only exist inside a compose project.
    pub fn may_sit_in(self, parent: Option<Kind>) -> bool {
        use Kind::*;
        let Some(parent) = parent else {
            return !matches!(
                self,
                Node | Namespace
                    | ComposeService
                    | Deployment
                    | StatefulSet
                    | DaemonSet
                    | CronJob
                    | Job
                    | Pod
                    | Service
                    | Ingress
            );
        };
        if matches!(parent, Group | Generic) {
            return true;
        }
        match self {
            Vm => matches!(parent, CloudProvider),
            Cluster => matches!(parent, CloudProvider),
            Node | Namespace => parent == Cluster,
            Project => matches!(parent, Vm | Node),
            Group | Generic => true,
            ComposeService => parent == Project,
            Deployment | StatefulSet | DaemonSet | CronJob | Job | Service | Ingress => {
                matches!(parent, Cluster | Namespace)
            }
            Pod => matches!(parent, Cluster | Namespace | Node),
            Process => matches!(parent, Vm | Node),
            Proxy | LoadBalancer => matches!(
                parent,
                Vm | Project | Cluster | Namespace | Node | CloudProvider
            ),
            Postgresql | Redis | Elasticsearch | ObjectStorage | Mysql | Store => {
                matches!(
                    parent,
                    Vm | Project | Cluster | Namespace | Node | CloudProvider | Saas
                )
            }
            Dns | Users | Saas | GitRepo | CloudProvider => matches!(parent, CloudProvider | Saas),
        }
    }

    /// The kinds a child of this kind may sit in, for hints.
    pub fn allowed_parents(self) -> Vec<&'static str> {
        Kind::ALL
            .iter()
            .copied()
            .filter(|p| self.may_sit_in(Some(*p)))
            .map(|p| p.name())
            .collect()
    }
}

/// The ways one item relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// Depends on it at run time (the default).
    Uses,
    /// Reads data from it.
    Reads,
    /// Writes data to it.
    Writes,
    /// Sends incoming traffic to it (proxies, Services, DNS).
    Routes,
    /// Copies its data to it (database replication).
    Replicates,
    /// Watches it (metrics, heartbeats, uptime checks).
    Monitors,
    /// Deploys it (CI, GitOps).
    Deploys,
    /// Backs it up.
    BacksUp,
    /// Data was moved to it once (a migration, a dump and load).
    Migrates,
}

impl LinkKind {
    /// Every link kind.
    pub const ALL: &'static [LinkKind] = &[
        LinkKind::Uses,
        LinkKind::Reads,
        LinkKind::Writes,
        LinkKind::Routes,
        LinkKind::Replicates,
        LinkKind::Monitors,
        LinkKind::Deploys,
        LinkKind::BacksUp,
        LinkKind::Migrates,
    ];

    /// The name written in `kind = "..."`.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Uses => "uses",
            LinkKind::Reads => "reads",
            LinkKind::Writes => "writes",
            LinkKind::Routes => "routes",
            LinkKind::Replicates => "replicates",
            LinkKind::Monitors => "monitors",
            LinkKind::Deploys => "deploys",
            LinkKind::BacksUp => "backs-up",
            LinkKind::Migrates => "migrates",
        }
    }

    /// Looks a link kind up by name.
    pub fn from_name(name: &str) -> Option<LinkKind> {
        LinkKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Whether the link is a run-time data dependency (what cycles, SPOF and reachability
    /// lints follow). Monitoring, deploying, backups and migrations are not.
    pub fn is_dependency(self) -> bool {
        matches!(
            self,
            LinkKind::Uses | LinkKind::Reads | LinkKind::Writes | LinkKind::Routes
        )
    }
}

/// Keys a `[[links]]` entry accepts.
pub const LINK_ATTRS: &[AttrSpec] = &[
    a("from", Str, "Id of the item the link starts at."),
    a("to", Str, "Id of the item the link points to."),
    a(
        "kind",
        Enum(&[
            "uses",
            "reads",
            "writes",
            "routes",
            "replicates",
            "monitors",
            "deploys",
            "backs-up",
            "migrates",
        ]),
        "What the relation is; default `uses`.",
    ),
    a("label", Str, "Text drawn on the arrow."),
    a("protocol", Str, "Protocol: http, https, tcp, postgres..."),
    a("port", Int, "Port number."),
    a(
        "inferred",
        Bool,
        "Set by `zukai import` when the link was guessed, not declared.",
    ),
    a("description", Str, "A sentence about the link."),
];

/// Keys the `[era]` table accepts.
pub const ERA_ATTRS: &[AttrSpec] = &[
    a(
        "name",
        Str,
        "Short unique name of the era (required), used by `extends` and `zukai diff`.",
    ),
    a(
        "title",
        Str,
        "Title of the era, drawn on its diagram (required).",
    ),
    a("description", Str, "What the era is."),
    a(
        "extends",
        Str,
        "Name of an era (in a file beside this one) this era starts from.",
    ),
    a(
        "remove",
        RefList,
        "Items of the extended era that this era drops (with what they contain and their links).",
    ),
    a(
        "remove-links",
        StrList,
        "Links of the extended era that this era drops, written \"from -> to\".",
    ),
    a(
        "order",
        Int,
        "Position of the era in the system's history, for `zukai render` diffs.",
    ),
];

/// Keys a `[queues.ID]` table accepts.
pub const QUEUE_ATTRS: &[AttrSpec] = &[
    a("label", Str, "Display name."),
    a(
        "broker",
        Str,
        "Id of the store that holds the queue (e.g. redis).",
    ),
    a(
        "singleton",
        Bool,
        "Must be served by exactly one process in the whole system.",
    ),
    a("description", Str, "What runs on this queue."),
];

/// Top-level tables of an inventory file.
pub const TOP_LEVEL: &[&str] = &["era", "items", "links", "queues", "lints"];
