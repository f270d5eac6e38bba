package dev.vertxelastic.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The objects of one `helm template` run, each with its source text. */
final class Manifests {

  private final List<Manifest> all;

  private Manifests(List<Manifest> all) {
    this.all = List.copyOf(all);
  }

  /** Splits multi-document YAML; empty documents (a template that rendered nothing) are dropped. */
  static Manifests parse(String rendered) {
    List<Manifest> objects = new ArrayList<>();
    for (String document : documents(rendered)) {
      Object parsed = new Yaml(new LoaderOptions()).load(document);
      if (parsed instanceof Map<?, ?> map) {
        objects.add(new Manifest(Tree.map(map), document));
      } else if (parsed != null) {
        throw new IllegalStateException("a rendered document is not an object:\n" + document);
      }
    }
    return new Manifests(objects);
  }

  /** The documents of multi-document YAML, as Helm separates them. */
  static List<String> documents(String rendered) {
    return Stream.of(("\n" + rendered).split("\n---\\s*\n"))
        .filter(d -> !d.isBlank())
        .toList();
  }

  List<Manifest> all() {
    return all;
  }

  List<Manifest> ofKind(String kind) {
    return all.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  Optional<Manifest> find(String kind, String name) {
    return all.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
  }

  Manifest get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " rendered"));
  }

  /** Every pod the release would run: Deployment and StatefulSet templates, and bare (hook) Pods. */
  List<PodTemplate> pods() {
    List<PodTemplate> pods = new ArrayList<>();
    for (Manifest m : all) {
      switch (m.kind()) {
        case "Deployment", "StatefulSet" -> pods.add(new PodTemplate(m,
            Tree.map(m.at("spec", "template", "metadata", "labels")), Tree.map(m.at("spec", "template", "spec"))));
        case "Pod" -> pods.add(new PodTemplate(m, Tree.map(m.at("metadata", "labels")), Tree.map(m.at("spec"))));
        default -> {
        }
      }
    }
    return pods;
  }

  /** One rendered object. */
  record Manifest(Map<String, Object> object, String text) {

    Manifest {
      Objects.requireNonNull(object, "object");
    }

    String kind() {
      return String.valueOf(object.get("kind"));
    }

    String apiVersion() {
      return String.valueOf(object.get("apiVersion"));
    }

    String name() {
      return String.valueOf(at("metadata", "name"));
    }

    Map<String, Object> labels() {
      return Tree.map(at("metadata", "labels"));
    }

    Map<String, Object> annotations() {
      return Tree.map(at("metadata", "annotations"));
    }

    Object at(Object... path) {
      return Tree.at(object, path);
    }

    @Override
    public String toString() {
      return kind() + "/" + name();
    }
  }

  /** A pod as a workload would create it: its labels and spec. */
  record PodTemplate(Manifest owner, Map<String, Object> labels, Map<String, Object> spec) {

    List<Map<String, Object>> containers() {
      List<Map<String, Object>> containers = new ArrayList<>();
      Tree.list(spec.get("initContainers")).forEach(c -> containers.add(Tree.map(c)));
      Tree.list(spec.get("containers")).forEach(c -> containers.add(Tree.map(c)));
      return containers;
    }

    boolean isHook() {
      return owner.annotations().containsKey("helm.sh/hook") || owner.annotations().containsKey(Chart.HOOK_UNDER_TEST);
    }

    boolean matches(Map<String, Object> matchLabels) {
      return matchLabels.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    @Override
    public String toString() {
      return "pods of " + owner;
    }
  }
}
