namespace Codex.Web.Infrastructure;

/// <summary>Ids of the account area (<c>/account/...</c>) and of people's public pages (<c>/u/{username}</c>).</summary>
public static partial class DomIds
{
    public const string AccountNav = "account-nav";
    public const string ProfileDetailsForm = "profile-details-form";
    public const string AvatarPanel = "avatar-panel";
    public const string AvatarForm = "avatar-form";
    public const string EmailChangeForm = "email-change-form";
    public const string ConfirmEmailForm = "confirm-email-form";
    public const string SessionsList = "sessions-list";
    public const string EndOtherSessionsForm = "end-other-sessions-form";
    public const string DeleteAccountForm = "delete-account-form";
    public const string PersonWork = "person-work";
}
