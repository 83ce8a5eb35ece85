namespace Codex.Contracts.Organizations;

/// <summary>An organization as the Organization-API returns it.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record OrganizationDto(Guid Id, string Slug, string Name, string? Description, string? LogoUrl, string? WebsiteUrl,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Addition to the contract (ADR 028): when a platform admin suspended the organization, else null. Its space then
    /// shows a notice instead of its content; its staff still reach the studio.
    /// </summary>
    public DateTimeOffset? SuspendedAt { get; init; }

    /// <summary>
    /// Addition to the contract (ADR 035): how many people are active members of the organization (every role, accounts
    /// neither deleted nor disabled). Given by <c>GET /api/organizations</c> and the two single reads; null elsewhere.
    /// </summary>
    public int? MemberCount { get; init; }
}

/// <summary>The public part of an organization's settings.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record OrganizationSettingsDto(BrandingDto Branding, FeaturesDto Features, ContactDto Contact);

[System.ComponentModel.ImmutableObject(true)]
public sealed record BrandingDto(string? LogoUrl, string? PrimaryColorHex, string? SecondaryColorHex, string? AccentColorHex,
    string? BackgroundColorHex, string? FontBody, string? FontHeading);

[System.ComponentModel.ImmutableObject(true)]
public sealed record FeaturesDto(bool EnableSignups, bool EnablePurchases);

[System.ComponentModel.ImmutableObject(true)]
public sealed record ContactDto(string? PlatformName, string? SupportEmail);

/// <summary>One of the caller's memberships (<c>GET /api/organizations/mine</c>).</summary>
public sealed record MembershipDto(OrganizationDto Organization, MemberRole Role, DateTimeOffset JoinedAt);

/// <summary>A member of an organization (<c>GET /api/organizations/:id/members</c>).</summary>
public sealed record MemberDto(Guid UserId, string Name, string Email, MemberRole Role, MembershipStatus Status, DateTimeOffset JoinedAt);

/// <summary><c>createOrganizationSchema</c>.</summary>
public sealed record CreateOrganizationRequest(string? Slug, string? Name, string? Description, string? LogoUrl, string? WebsiteUrl);

/// <summary>
/// <c>updateOrganizationSchema</c>: a true partial update. An absent (null) field is left unchanged; an empty
/// <see cref="Description"/>, <see cref="LogoUrl"/> or <see cref="WebsiteUrl"/> clears it.
/// </summary>
public sealed record UpdateOrganizationRequest(string? Slug, string? Name, string? Description, string? LogoUrl, string? WebsiteUrl);

/// <summary><c>PUT /api/organizations/:id/settings</c>: replaces the public settings.</summary>
public sealed record UpdateSettingsRequest(BrandingDto? Branding, FeaturesDto? Features, ContactDto? Contact);

/// <summary><c>POST /api/organizations/:id/members</c>: adds an existing account by email.</summary>
public sealed record AddMemberRequest(string? Email, MemberRole? Role);
