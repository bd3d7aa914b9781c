/** zendesk_app_framework_sdk is CommonJS without types: `ZAFClient.init()` returns a client or false. */
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: { init(callback?: (context: unknown) => void): unknown };
  export default ZAFClient;
}
