using System.Text.Json.Serialization;

namespace Codex.Contracts.Identity;

/// <summary>
/// <c>GET/PATCH /api/user/profile</c>: the signed-in person's own profile. <see cref="PendingEmail"/> (an addition to
/// the contract) is the address of an email change waiting for its confirmation, if any.
/// </summary>
public sealed record ProfileDto(Guid Id, string Email, string Name, string? Username, string? Bio, string? WebsiteUrl, string? AvatarUrl,
    DateTimeOffset CreatedAt)
{
    public string? PendingEmail { get; init; }
}

/// <summary><c>GET /api/users/:username</c> (addition): what anyone may see of a person. Never the email.</summary>
public sealed record PublicProfileDto(Guid Id, string Name, string Username, string? Bio, string? WebsiteUrl, string? AvatarUrl);

/// <summary>
/// <c>PATCH /api/user/profile</c>: a true partial update, like the Content-API's. A field left out keeps its value, a
/// field given as <c>null</c> (or blank) clears it; the name cannot be cleared. The rules are checked on the profile as
/// the change would leave it (<see cref="ApplyTo"/>).
/// </summary>
public sealed record UpdateProfileFieldsRequest
{
    private const JsonIgnoreCondition UnlessGiven = JsonIgnoreCondition.WhenWritingDefault;

    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> Name { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> Username { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> Bio { get; init; }
    [JsonIgnore(Condition = UnlessGiven)] public Optional<string> WebsiteUrl { get; init; }

    /// <summary>The profile as it would be after this change, blank text read as none.</summary>
    public ProfileFields ApplyTo(ProfileFields current) => new()
    {
        Name = Name.IsSet ? Name.Value?.Trim() : current.Name,
        Username = Username.IsSet ? Blank(Username.Value) : current.Username,
        Bio = Bio.IsSet ? Blank(Bio.Value) : current.Bio,
        WebsiteUrl = WebsiteUrl.IsSet ? Blank(WebsiteUrl.Value) : current.WebsiteUrl,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The writable fields of a profile, as stored or as a change would leave them.</summary>
public sealed record ProfileFields
{
    public string? Name { get; init; }
    public string? Username { get; init; }
    public string? Bio { get; init; }
    public string? WebsiteUrl { get; init; }
}

/// <summary><c>DELETE /api/user/account</c>: the word <c>DELETE</c> and the account's password.</summary>
public sealed record DeleteAccountRequest(string? Confirmation, string? Password);

/// <summary>Addition: <c>POST /api/user/email</c>, a new address (confirmed by a link mailed to it) and the password.</summary>
public sealed record ChangeEmailRequest(string? NewEmail, string? Password);

/// <summary>Addition: <c>POST /api/user/email/confirm</c>, the token of the link mailed to the new address.</summary>
public sealed record ConfirmEmailChangeRequest(string? Token);

/// <summary>Addition: one of the caller's active sessions (<c>GET /api/user/sessions</c>); <see cref="Current"/> is the one asking.</summary>
public sealed record AccountSessionDto(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current);

/// <summary>Addition: the answer of <c>DELETE /api/user/sessions</c>, how many other sessions were ended.</summary>
public sealed record EndedSessionsDto(int Ended);
