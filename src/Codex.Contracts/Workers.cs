namespace Codex.Contracts;

/// <summary>The eight backend workers of the seed, and the site.</summary>
public enum Role { Site, Auth, ContentApi, OrganizationApi, EcomApi, MediaApi, NotificationsApi, AdminApi, IdentityApi }

/// <summary>How a worker is named, configured and reached in development.</summary>
/// <param name="Role">The worker.</param>
/// <param name="Name">Its name in <c>Codex__Role</c> and in logs (e.g. <c>content-api</c>).</param>
/// <param name="UrlVariable">The environment variable holding its base URL (e.g. <c>PUBLIC_CONTENT_API_URL</c>).</param>
/// <param name="DevPort">Its development port from the contract.</param>
public sealed record WorkerInfo(Role Role, string Name, string UrlVariable, int DevPort)
{
    /// <summary>The development base URL, used when <see cref="UrlVariable"/> is not set.</summary>
    public string DefaultUrl => $"http://localhost:{DevPort}";

    /// <summary>The base address: the configured <see cref="UrlVariable"/> value, or <see cref="DefaultUrl"/>.</summary>
    public Uri BaseAddress(string? configured) => new(string.IsNullOrEmpty(configured) ? DefaultUrl : configured);

    /// <summary>The eight workers, in the seed's order.</summary>
    public static IReadOnlyList<WorkerInfo> All { get; } =
    [
        new(Role.Auth, "auth", "PUBLIC_AUTH_URL", 42069),
        new(Role.ContentApi, "content-api", "PUBLIC_CONTENT_API_URL", 4001),
        new(Role.OrganizationApi, "organization-api", "PUBLIC_ORG_API_URL", 42071),
        new(Role.EcomApi, "ecom-api", "PUBLIC_ECOM_API_URL", 42072),
        new(Role.MediaApi, "media-api", "PUBLIC_MEDIA_API_URL", 4002),
        new(Role.NotificationsApi, "notifications-api", "PUBLIC_NOTIFICATIONS_API_URL", 42075),
        new(Role.AdminApi, "admin-api", "PUBLIC_ADMIN_API_URL", 42073),
        new(Role.IdentityApi, "identity-api", "PUBLIC_IDENTITY_API_URL", 42074),
    ];

    /// <summary>The worker of a role.</summary>
    public static WorkerInfo Of(Role role) => All.Single(w => w.Role == role);
}
