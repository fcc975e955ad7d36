package dev.handoff.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.cli.agent.AgentCommands.ChatChoice;
import dev.handoff.cli.agent.AgentCommands.Command;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.Requests;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** One typed line → one command, without a desk. */
class AgentCommandsTest {
    static Command parse(String line) {
        return AgentCommands.parse(line).orElseThrow();
    }

    @Test
    void aBlankLineIsNoCommand() {
        assertThat(AgentCommands.parse("   ")).isEmpty();
        assertThat(AgentCommands.parse("")).isEmpty();
    }

    @Test
    void plainTextIsAReplyWithoutTheSurroundingSpaces() {
        assertThat(parse("  Sawubona, I am Ann  ")).isEqualTo(new Command.Reply("Sawubona, I am Ann"));
    }

    @Test
    void aNumberChoosesFromTheLastListAndAnythingElseIsAChatId() {
        assertThat(parse("/take 1"))
                .isEqualTo(new Command.OnChat(AgentEvents.TAKE, new ChatChoice.Numbered(BigInteger.ONE)));
        assertThat(parse("/take c-42")).isEqualTo(new Command.OnChat(AgentEvents.TAKE, new ChatChoice.ById("c-42")));
        assertThat(parse("/read 2"))
                .isEqualTo(new Command.OnChat(AgentEvents.GET_CHAT, new ChatChoice.Numbered(BigInteger.TWO)));
        assertThat(parse("/archived c-7"))
                .isEqualTo(new Command.OnChat(AgentEvents.GET_ARCHIVED, new ChatChoice.ById("c-7")));
        assertThat(parse("/switch 3")).isEqualTo(new Command.Switch(new ChatChoice.Numbered(BigInteger.valueOf(3))));
    }

    @Test
    void aNumberTooLargeForAnIntIsStillANumber() {
        assertThat(parse("/take 99999999999999999999"))
                .isEqualTo(new Command.OnChat(
                        AgentEvents.TAKE, new ChatChoice.Numbered(new BigInteger("99999999999999999999"))));
    }

    @Test
    void aChatCommandWithoutAChatAsksWhichChat() {
        Command whichChat = new Command.Print("which chat? give its number from the last list or its id");
        assertThat(parse("/take")).isEqualTo(whichChat);
        assertThat(parse("/switch")).isEqualTo(whichChat);
        assertThat(parse("/read  ")).isEqualTo(whichChat);
        assertThat(parse("/archived")).isEqualTo(whichChat);
    }

    @Test
    void aTransferGoesToAnAgentAfterAnAtSignAndOtherwiseToADepartment() {
        assertThat(parse("/transfer @bob")).isEqualTo(new Command.Transfer("bob", null));
        assertThat(parse("/transfer support")).isEqualTo(new Command.Transfer(null, "support"));
        assertThat(parse("/transfer")).isEqualTo(new Command.Transfer(null, null));
    }

    @Test
    void theCommandsOnTheCurrentChatCarryTheirText() {
        assertThat(parse("/resolve")).isEqualTo(new Command.Resolve());
        assertThat(parse("/subject Delivery late")).isEqualTo(new Command.Subject("Delivery late"));
        assertThat(parse("/chats")).isEqualTo(new Command.ListChats());
    }

    @Test
    void queueStatusLanguageAndArchiveAreRequestsAsTyped() {
        assertThat(parse("/queue")).isEqualTo(new Command.Send(new DeskRequest(AgentEvents.GET_QUEUE, null)));
        assertThat(parse("/status away"))
                .isEqualTo(new Command.Send(new DeskRequest(AgentEvents.SET_STATUS, new Requests.Status("away"))));
        assertThat(parse("/lang zu"))
                .isEqualTo(new Command.Send(new DeskRequest(AgentEvents.SET_LANGUAGE, new Requests.Language("zu"))));
        assertThat(parse("/archive"))
                .isEqualTo(new Command.Send(new DeskRequest(AgentEvents.LIST_ARCHIVE, new Requests.Page(0, 20))));
    }

    @Test
    void helpListsEveryCommand() {
        assertThat(parse("/help")).isEqualTo(new Command.Print(AgentCommands.HELP));
        assertThat(AgentCommands.HELP)
                .contains(
                        "/queue",
                        "/take N|ID",
                        "/chats",
                        "/switch N|ID",
                        "/read N|ID",
                        "/resolve",
                        "/transfer DEPT|@AGENT",
                        "/subject TEXT",
                        "/status online|away",
                        "/lang CODE",
                        "/archive",
                        "/archived N|ID",
                        "/quit",
                        "anything else");
    }

    @Test
    void anUnknownCommandPointsToHelp() {
        assertThat(parse("/fly away")).isEqualTo(new Command.Print("unknown command /fly; /help lists the commands"));
    }

    @Test
    void onlyTheWholeLineQuitSignsOut() {
        assertThat(parse(" /quit ")).isEqualTo(new Command.Quit());
        assertThat(parse("/quit now")).isEqualTo(new Command.Print("unknown command /quit; /help lists the commands"));
    }
}
