// What a hand-written client sends for each provider's list endpoint: the baseline the facade's
// fan-out is compared with. The paths and auth headers are the specs'.

export const PROVIDERS = ['z-api', 'ryzeapi', 'hypersender', 'wachat'];

/** The URL and headers of one provider's first (Z-API: only, at the simulators' default count) page. */
export function plainListRequest(provider, baseUrl, token) {
  switch (provider) {
    case 'z-api':
      return {
        url: `${baseUrl}/instances?page=1&pageSize=100`,
        headers: { authorization: `Bearer ${token}` },
      };
    case 'ryzeapi':
      return { url: `${baseUrl}/instance/list`, headers: { token } };
    case 'hypersender':
      return { url: `${baseUrl}/instances`, headers: { authorization: `Bearer ${token}` } };
    case 'wachat':
      return { url: `${baseUrl}/instance/list`, headers: { authorization: `Bearer ${token}` } };
    default:
      throw new Error(`unknown provider ${provider}`);
  }
}

/** One plain fetch of a list, its body read and parsed, as any hand-written client would. */
export async function plainFetchList({ url, headers }) {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`plain fetch: ${url} answered ${response.status}`);
  return response.json();
}
