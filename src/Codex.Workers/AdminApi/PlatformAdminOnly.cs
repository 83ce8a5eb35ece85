using Codex.Data;
using Codex.Workers.Pipeline;

namespace Codex.Workers.AdminApi;

/// <summary>The platform-only routes' check: 401 without a session, 403 <c>FORBIDDEN</c> for anyone but a platform admin.</summary>
public static class PlatformAdminOnly
{
    public static async Task<SessionUser> RequirePlatformAdminAsync(this AdminAccess access, CancellationToken ct)
    {
        var user = await access.RequireUserAsync(ct);
        return user.Role == UserRole.Admin ? user : throw ApiException.Forbidden();
    }
}
