// BullMQ refuses custom job ids that contain ':' (its key separator) or that read as integers (its own ids).
// '%' and ':' are escaped, and integer-looking ids get a marker that escaping never produces, so the mapping
// is one-to-one and `decodeJobId` gives the caller's id back.
const INTEGER_MARKER = '%i';

/** The BullMQ job id for a caller's job id. */
export function encodeJobId(id: string): string {
  const escaped = id.replace(/%/g, '%25').replace(/:/g, '%3A');
  return `${Number.parseInt(escaped, 10)}` === escaped ? `${INTEGER_MARKER}${escaped}` : escaped;
}

/** The caller's job id for a BullMQ job id made by `encodeJobId`. */
export function decodeJobId(jobId: string): string {
  const unmarked = jobId.startsWith(INTEGER_MARKER) ? jobId.slice(INTEGER_MARKER.length) : jobId;
  return unmarked.replace(/%(25|3A)/g, (_match, code: string) => (code === '25' ? '%' : ':'));
}
