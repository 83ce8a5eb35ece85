using Codex.Contracts.Auth;
using Codex.Contracts.Identity;
using FluentValidation;

namespace Codex.Web.Features.Account.Profile;

/// <summary>The public profile form: every field is sent, so an emptied one clears what was stored.</summary>
public sealed class ProfileDetailsForm
{
    public string? Name { get; set; }
    public string? Username { get; set; }
    public string? Bio { get; set; }
    public string? WebsiteUrl { get; set; }

    public static ProfileDetailsForm From(ProfileDto profile) =>
        new() { Name = profile.Name, Username = profile.Username, Bio = profile.Bio, WebsiteUrl = profile.WebsiteUrl };

    public UpdateProfileFieldsRequest ToRequest() => new() { Name = Name, Username = Blank(Username), Bio = Blank(Bio), WebsiteUrl = Blank(WebsiteUrl) };

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The Identity-API's own profile rules (<see cref="ProfileRules"/>), on what the form will send.</summary>
public sealed class ProfileDetailsFormValidator : AbstractValidator<ProfileDetailsForm>
{
    public ProfileDetailsFormValidator()
    {
        RuleFor(f => f.Name).ValidName();
        RuleFor(f => ProfileDetailsForm.Blank(f.Username)).ValidUsername().OverridePropertyName(nameof(ProfileDetailsForm.Username));
        RuleFor(f => ProfileDetailsForm.Blank(f.Bio)).ValidBio().OverridePropertyName(nameof(ProfileDetailsForm.Bio));
        RuleFor(f => ProfileDetailsForm.Blank(f.WebsiteUrl)).ValidWebsite().OverridePropertyName(nameof(ProfileDetailsForm.WebsiteUrl));
    }
}

/// <summary>/account/profile: the stored profile (for the avatar and the public link), the form, and a refused upload's sentence.</summary>
public sealed record ProfilePageViewModel(ProfileDto Profile, ProfileDetailsForm Form, string? AvatarProblem = null);
