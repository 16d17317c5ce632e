// Validates every manifest in this directory against the Kubernetes and KEDA schemas, offline.
// Run through validate.sh, which installs kubernetes-models, @kubernetes-models/keda and yaml.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";

const models = {
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};
const skipped = new Set(["kustomize.config.k8s.io/v1beta1/Kustomization"]);

const directory = process.argv[2];
let checked = 0;
let failed = 0;
for (const file of readdirSync(directory).filter((name) => name.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
    if (document.errors.length > 0) {
      console.log(`FAIL ${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      failed++;
      continue;
    }
    const object = document.toJS();
    if (object == null) continue;
    const type = `${object.apiVersion}/${object.kind}`;
    if (skipped.has(type)) continue;
    const Model = models[type];
    const name = `${file}: ${object.kind} ${object.metadata?.name}`;
    if (!Model) {
      console.log(`FAIL ${name}: no schema for ${type}`);
      failed++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok   ${name}`);
      checked++;
    } catch (error) {
      console.log(`FAIL ${name}: ${error.message}`);
      failed++;
    }
  }
}
console.log(`${checked} objects valid, ${failed} invalid`);
process.exit(failed === 0 && checked > 0 ? 0 : 1);
