package io.signaling.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rendered Kubernetes YAML as typed objects. A document of a kind the model does not know, or with a field its
 * type does not have (a misspelt {@code readinesProbe}, say), is an error: Kubernetes would reject or ignore it.
 */
final class Manifests {

  /** Custom resources whose types the fabric8 model does not carry. */
  private static final Set<String> CUSTOM_KINDS = Set.of("ServiceMonitor", "PrometheusRule", "BackendConfig", "ScaledObject");
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = objects;
  }

  static Manifests parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(document);
      if (!(parsed instanceof HasMetadata object)) {
        throw new AssertionError("not a Kubernetes object: " + document);
      }
      String name = object.getKind() + "/" + object.getMetadata().getName();
      if (object instanceof GenericKubernetesResource && !CUSTOM_KINDS.contains(object.getKind())) {
        throw new AssertionError(name + " is of a kind the Kubernetes model does not know");
      }
      List<String> unknown = new ArrayList<>();
      unknownFields(object, name, unknown, new IdentityHashMap<>());
      if (!unknown.isEmpty()) {
        throw new AssertionError("fields unknown to their Kubernetes types: " + unknown);
      }
      objects.add(object);
    }
    return new Manifests(objects);
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
  }

  /** An object, or a part of one, as YAML. */
  static String yaml(Object value) {
    return SERIALIZATION.asYaml(value);
  }

  List<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).stream().filter(object -> object.getKind().equals(kind)).toList();
  }

  /** Walks the typed object graph: any model object holding additional (unmapped) properties has unknown fields. */
  private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
    if (value == null || seen.put(value, true) != null || value instanceof GenericKubernetesResource) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown, seen));
      return;
    }
    if (!(value instanceof KubernetesResource)) {
      return; // strings, numbers, quantities' text and the like
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object field;
      try {
        field = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
      } else {
        unknownFields(field, path + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }
}
