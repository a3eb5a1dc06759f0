/** One subscription request to a hub (WebSub section 5.1), sent form-encoded. */
export interface HubRequest {
  hub: string;
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  callback: string;
  /** Sent with `subscribe` only. */
  secret: string | null;
}

/**
 * Sends subscription requests to WebSub hubs. Resolves when the hub accepted the request (2xx; it verifies
 * afterwards by calling the callback); throws a CodedError websub_hub_failed naming the hub and the reason.
 */
export interface WebSubHubClient {
  send(request: HubRequest): Promise<void>;
}
