namespace Codex.Web.Infrastructure.Workers;

/// <summary>The Identity-API worker, as the site uses it: the signed-in person's profile, sessions, export and deletion, and public profiles.</summary>
public sealed partial class IdentityClient(HttpClient http) : WorkerClient(http, Role.IdentityApi)
{
}
