using System.Security.Claims;
using Codex.Contracts.Auth;

namespace Codex.Web.Infrastructure.Auth;

/// <summary>The signed-in user as the site knows them: what the Auth worker said about the session cookie.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record SignedInUser(Guid Id, string Email, string Name, UserRole Role, bool EmailVerified, DateTimeOffset SessionExpiresAt)
{
    public static SignedInUser From(AuthSessionDto session) => new(session.User.Id, session.User.Email, session.User.Name,
        session.User.Role, session.User.EmailVerified, session.Session.ExpiresAt);

    /// <summary>The principal of this user: id, name, email and platform role as claims.</summary>
    public ClaimsPrincipal ToPrincipal() => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, Id.ToString("D")),
        new Claim(ClaimTypes.Name, Name),
        new Claim(ClaimTypes.Email, Email),
        new Claim(ClaimTypes.Role, ContractJson.WireName(Role)),
    ], SessionAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role));
}

/// <summary>Reading the signed-in user off <see cref="ClaimsPrincipal"/> (controllers' <c>User</c>, views' <c>User</c>).</summary>
public static class ClaimsPrincipalExtensions
{
    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    /// <summary>The user's id, or null when anonymous.</summary>
    public static Guid? UserId(this ClaimsPrincipal user) =>
        user.IsSignedIn() && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? "";

    /// <summary>A platform admin (the <c>admin</c> role of the Auth worker's user).</summary>
    public static bool IsPlatformAdmin(this ClaimsPrincipal user) => user.IsInRole(ContractJson.WireName(UserRole.Admin));
}
