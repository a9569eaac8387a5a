import useSWR from "swr";

export function useRetentionOffer(teamId: string) {
  return useSWR(`/api/teams/${teamId}/retention-offer`);
}

export async function offerRetention(teamId: string) {
  const response = await fetch(`/api/teams/${teamId}/retention-offer`, { method: "POST" });
  return response.json();
}
