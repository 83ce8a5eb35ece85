using Codex.Workers.IdentityApi.Avatar;
using Codex.Workers.IdentityApi.Deletion;
using Codex.Workers.IdentityApi.Email;
using Codex.Workers.IdentityApi.Export;
using Codex.Workers.IdentityApi.Profile;
using Codex.Workers.IdentityApi.PublicProfiles;
using Codex.Workers.IdentityApi.Sessions;
using Codex.Workers.Pipeline;

namespace Codex.Workers.IdentityApi;

/// <summary>
/// Identity-API: the signed-in person's own account (profile, avatar, export, deletion, email change, sessions) and
/// people's public profiles (ADR 030).
/// </summary>
public static class IdentityWorker
{
    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(PasswordHashing.CreateHasher());
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<AccountPasswords>();
        services.AddScoped<OneTimeTokens>();
        services.AddScoped<ProfileCaches>();
        services.AddSingleton<Avatars>();
    }

    public static void Map(WebApplication app)
    {
        app.MapGet(IdentityRoutes.Profile, GetProfile.HandleAsync);
        app.MapPatch(IdentityRoutes.Profile, UpdateProfile.HandleAsync);
        app.MapPost(IdentityRoutes.Avatar, UploadAvatar.HandleAsync);
        app.MapDelete(IdentityRoutes.Avatar, UploadAvatar.DeleteAsync);
        app.MapMethods(IdentityRoutes.AvatarFile, [HttpMethods.Get, HttpMethods.Head], ServeAvatar.HandleAsync);
        app.MapGet(IdentityRoutes.Export, ExportAccount.HandleAsync);
        // A password is checked: per client address like sign-in, and per account by AccountPasswords.
        app.MapDelete(IdentityRoutes.Account, DeleteAccount.HandleAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(IdentityRoutes.EmailChange, ChangeEmail.RequestAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapPost(IdentityRoutes.EmailChangeConfirm, ChangeEmail.ConfirmAsync).RequireRateLimiting(RateLimitPolicies.Auth);
        app.MapGet(IdentityRoutes.Sessions, AccountSessions.ListAsync);
        app.MapDelete(IdentityRoutes.Sessions, AccountSessions.EndOthersAsync);
        app.MapDelete(IdentityRoutes.Session, AccountSessions.EndOneAsync);
        app.MapGet(IdentityRoutes.PublicProfile, GetPublicProfile.HandleAsync);
    }
}
