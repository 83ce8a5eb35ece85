using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Hybrid;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>
/// The site's named policies: signed in, platform admin, and a role in an organization (at least member, creator,
/// admin or owner). Pages say <c>[Authorize(Policy = Policies.OrganizationCreator)]</c>; the organization comes from
/// the route value <see cref="OrganizationRouteKey"/> (<c>/studio/{org}/...</c>), or is given as the resource of an
/// <see cref="IAuthorizationService"/> check (<see cref="OrganizationResource"/>).
/// </summary>
public static class Policies
{
    public const string SignedIn = "signed-in";
    public const string PlatformAdmin = "platform-admin";
    public const string OrganizationMember = "organization-member";
    public const string OrganizationCreator = "organization-creator";
    public const string OrganizationAdmin = "organization-admin";
    public const string OrganizationOwner = "organization-owner";

    /// <summary>
    /// The route value that names the organization (its slug) on organization pages: <c>{org}</c> as the contract's
    /// studio pages have it (<c>/studio/{org}/...</c>); the public pages' <c>{orgSlug}</c> is read too.
    /// </summary>
    public const string OrganizationRouteKey = "org";

    public static IServiceCollection AddSitePolicies(this IServiceCollection services)
    {
        services.AddAuthentication(SessionAuthentication.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthentication.Scheme, null);
        services.AddScoped<IAuthorizationHandler, OrganizationRoleHandler>();
        services.AddScoped<Memberships>();
        services.AddSingleton<UserInvalidations>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(SignedInPolicy())
            .AddPolicy(SignedIn, SignedInPolicy())
            .AddPolicy(PlatformAdmin, p => p.RequireAuthenticatedUser().RequireRole(ContractJson.WireName(UserRole.Admin)))
            .AddPolicy(OrganizationMember, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(MemberRole.Member)))
            .AddPolicy(OrganizationCreator, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(MemberRole.Creator)))
            .AddPolicy(OrganizationAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(MemberRole.Admin)))
            .AddPolicy(OrganizationOwner, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRoleRequirement(MemberRole.Owner)));
        return services;
    }

    private static AuthorizationPolicy SignedInPolicy() =>
        new AuthorizationPolicyBuilder(SessionAuthentication.Scheme).RequireAuthenticatedUser().Build();
}

/// <summary>An organization named by its slug or its id, as the resource of an organization policy.</summary>
public sealed record OrganizationResource(string? Slug = null, Guid? Id = null)
{
    public bool Matches(MembershipSummary membership) =>
        (Id is { } id && membership.OrganizationId == id)
        || (Slug is { } slug && string.Equals(membership.OrganizationSlug, slug, StringComparison.OrdinalIgnoreCase));
}

/// <summary>At least <see cref="Minimum"/> in the organization (owner &gt; admin &gt; creator &gt; member).</summary>
public sealed record OrganizationRoleRequirement(MemberRole Minimum) : IAuthorizationRequirement
{
    /// <summary>Whether <paramref name="role"/> is <see cref="Minimum"/> or above.</summary>
    public bool IsMetBy(MemberRole role) => RoleNames.Rank(role) >= RoleNames.Rank(Minimum);
}

/// <summary>
/// Meets <see cref="OrganizationRoleRequirement"/> from the caller's memberships (the Organization-API's
/// <c>/mine</c>, cached briefly per user); a platform admin meets every one, as the workers allow.
/// </summary>
public sealed class OrganizationRoleHandler(Memberships memberships, IHttpContextAccessor accessor, ILogger<OrganizationRoleHandler> logger)
    : AuthorizationHandler<OrganizationRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationRoleRequirement requirement)
    {
        if (context.User.IsPlatformAdmin())
        {
            context.Succeed(requirement);
            return;
        }
        var organization = context.Resource switch
        {
            OrganizationResource resource => resource,
            HttpContext request when (request.GetRouteValue(Policies.OrganizationRouteKey) ?? request.GetRouteValue("orgSlug")) is string slug
                => new OrganizationResource(slug),
            _ => null,
        };
        if (organization is null || context.User.UserId() is not { } userId) return;
        var http = accessor.HttpContext;
        if (http?.Request.Cookies[SessionCookie.Name] is not { Length: > 0 } token) return;
        try
        {
            var mine = await memberships.GetAsync(userId, token, http.RequestAborted);
            if (mine.FirstOrDefault(organization.Matches) is { } membership && requirement.IsMetBy(membership.Role))
                context.Succeed(requirement);
        }
        catch (WorkerCallException e)
        {
            // The Organization-API refused to say (the session ended meanwhile, a limit): not allowed; the next page
            // signs them out or they try again. A worker that is down is a 503, not a "no".
            logger.LogWarning(e, "Memberships lookup refused ({Status}): at least {Role} not met", e.Status, requirement.Minimum);
        }
    }
}

/// <summary>One organization the caller belongs to, with their role.</summary>
[System.ComponentModel.ImmutableObject(true)]
/// <param name="Suspended">The organization is suspended by a platform admin (ADR 028): its studio says so.</param>
public sealed record MembershipSummary(Guid OrganizationId, string OrganizationSlug, string OrganizationName, MemberRole Role, bool Suspended = false);

/// <summary>The caller's memberships, from the Organization-API, kept briefly and dropped with the user's cache tag.</summary>
public sealed class Memberships(OrganizationClient organizations, HybridCache cache, SiteAuthOptions options, UserInvalidations invalidations)
{
    /// <summary>The memberships of <paramref name="userId"/>, asked with their session <paramref name="sessionToken"/> when not cached.</summary>
    public async Task<IReadOnlyList<MembershipSummary>> GetAsync(Guid userId, string sessionToken, CancellationToken ct)
    {
        var key = "memberships:" + userId.ToString("D");
        var started = invalidations.Now();
        var memberships = await cache.GetOrCreateAsync(key, async token =>
                new MembershipList([.. (await organizations.MineAsync(sessionToken, token))
                    .Select(m => new MembershipSummary(m.Organization.Id, m.Organization.Slug, m.Organization.Name, m.Role, m.Organization.SuspendedAt is not null))]),
            new HybridCacheEntryOptions { Expiration = options.MembershipCacheDuration, LocalCacheExpiration = options.MembershipCacheDuration },
            [CacheTags.User(userId)], ct);
        // A membership change landed while this was being fetched: use the answer once, but do not keep it.
        if (invalidations.DroppedSince(userId, started)) await cache.RemoveAsync(key, ct);
        return memberships.Items;
    }

    /// <summary>
    /// The cached list, sealed and marked immutable so that the cache hands out the instance it holds instead of
    /// deserializing a copy on every page (the layout asks on every signed-in page).
    /// </summary>
    [System.ComponentModel.ImmutableObject(true)]
    private sealed record MembershipList(IReadOnlyList<MembershipSummary> Items);

    /// <summary>Forgets the memberships of <paramref name="userId"/>, after this site changed them (a new organization).</summary>
    public ValueTask ForgetAsync(Guid userId, CancellationToken ct) => cache.RemoveAsync("memberships:" + userId.ToString("D"), ct);
}
