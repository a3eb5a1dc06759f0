/** The parts of an article a query word can be limited to. */
export type QueryField = 'title' | 'body';

/** Where a leaf was written in the query, and the field it is limited to (null: anywhere). */
interface LeafBase {
  /** As written in the query (a phrase without its quotes, a prefix without its "*"). */
  text: string;
  field: QueryField | null;
  /** 0-based offset of the leaf in the query source. */
  position: number;
}

/** A parsed topic query: leaves (words, phrases, prefixes) under boolean and proximity operators. */
export type QueryNode =
  | ({ kind: 'term' } & LeafBase)
  | ({ kind: 'phrase' } & LeafBase)
  | ({ kind: 'prefix' } & LeafBase)
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'near'; left: QueryNode; right: QueryNode; distance: number }
  /** Occurrences of left with no occurrence of right within the distance: a word in the wrong sense. */
  | { kind: 'notnear'; left: QueryNode; right: QueryNode; distance: number };

/** The leaf kinds of a query tree. */
export type QueryLeaf = Extract<QueryNode, { kind: 'term' | 'phrase' | 'prefix' }>;
