// The description of one served resource (built-in or from a CRD): everything routing, discovery,
// validation, storage keys and table printing need to know about it.

/** A kubectl printer column (CRD additionalPrinterColumns shape; built-ins use `value` instead of a JSONPath). */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath?: string;
  /** Computes the cell for built-in kinds whose columns are not plain JSONPaths. */
  value?: (obj: any, now: number) => unknown;
}

/** Where the scale subresource reads and writes replicas (CRD `subresources.scale` shape). */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One served group/version/resource. */
export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Status writes only through /status; main-resource writes keep the old status. */
  statusSubresource: boolean;
  scale?: ScaleSpec;
  /** pods/log. */
  logSubresource?: boolean;
  printerColumns?: PrinterColumn[];
  /** metadata.generation is maintained (bumped on changes outside metadata and status). */
  generation: boolean;
  /** PUT of a missing object creates it. */
  allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is allowed (false for custom resources, as in kube). */
  allowUnconditionalUpdate: boolean;
  /** Accepts strategic merge patch (built-in kinds only, as in kube). */
  strategicMerge: boolean;
  /** Field selectors beyond metadata.name/metadata.namespace, with how to read them. */
  fieldSelectors?: Record<string, (obj: any) => string | undefined>;
  /** From a CRD (so deleting the CRD removes it). */
  fromCrd?: string;
  /** Versions of the same group/resource served (all share one storage key space). */
  storageVersion?: string;
}

/** `group/version`, or `version` for the core group. */
export function groupVersion(def: { group: string; version: string }): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** Storage key prefix shared by every version of one group/resource. */
export function resourcePrefix(def: { group: string; plural: string }): string {
  return `/${def.group || 'core'}.${def.plural}/`;
}

/** Storage key of one object. */
export function objectKey(def: ResourceDef, namespace: string | undefined, name: string): string {
  return def.namespaced ? `${resourcePrefix(def)}${namespace}/${name}` : `${resourcePrefix(def)}${name}`;
}
