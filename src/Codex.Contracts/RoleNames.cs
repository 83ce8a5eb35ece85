namespace Codex.Contracts;

/// <summary>The order of an organization's roles and how they read in a sentence, for workers, mail and the site alike.</summary>
public static class RoleNames
{
    /// <summary>Owner &gt; admin &gt; creator &gt; member.</summary>
    public static int Rank(MemberRole role) => role switch
    {
        MemberRole.Owner => 4,
        MemberRole.Admin => 3,
        MemberRole.Creator => 2,
        _ => 1,
    };

    /// <summary>The role as a label: <c>Owner</c>, <c>Admin</c>, <c>Creator</c>, <c>Member</c>.</summary>
    public static string Name(MemberRole role) => role switch
    {
        MemberRole.Owner => "Owner",
        MemberRole.Admin => "Admin",
        MemberRole.Creator => "Creator",
        _ => "Member",
    };

    /// <summary>The role in running text: <c>owner</c>, <c>admin</c>, <c>creator</c>, <c>member</c>.</summary>
    public static string Lower(MemberRole role) => Name(role).ToLowerInvariant();

    /// <summary>The indefinite article of the role's name: <c>an</c> owner or admin, <c>a</c> creator or member.</summary>
    public static string Article(MemberRole role) => role is MemberRole.Owner or MemberRole.Admin ? "an" : "a";

    /// <summary>The role with its article, in running text: <c>an owner</c>, <c>an admin</c>, <c>a creator</c>, <c>a member</c>.</summary>
    public static string WithArticle(MemberRole role) => Article(role) + " " + Lower(role);
}
